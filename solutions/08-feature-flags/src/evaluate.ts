import { bucketOf, pickFromRollout } from './bucketing.ts';
import { evaluateExpression } from './dsl/evaluate-expression.ts';
import { parseExpression } from './dsl/parse.ts';
import type { Flag, Rule, Serve } from './flag.ts';
import { matchClause } from './match-clause.ts';

export interface EvaluationContext {
  readonly userId: string;
  readonly attributes?: Readonly<Record<string, unknown>>;
}

export type Reason = 'RULE_MATCH' | 'ROLLOUT' | 'FALLTHROUGH' | 'DISABLED';

export interface Evaluation {
  readonly flagKey: string;
  readonly variant: string;
  readonly value: unknown;
  readonly reason: Reason;
}

/** Own attributes only, on a null prototype: `__proto__` or `constructor` are just missing attributes. */
const ownAttributes = (attributes: Readonly<Record<string, unknown>> | undefined): Record<string, unknown> => {
  const copy: Record<string, unknown> = Object.create(null);
  if (attributes && typeof attributes === 'object') {
    for (const name of Object.keys(attributes)) copy[name] = attributes[name];
  }
  return copy;
};

const ruleMatches = (rule: Rule, attributes: Record<string, unknown>): boolean => {
  if (rule.expression !== undefined) {
    const parsed = parseExpression(rule.expression);
    return parsed.ok && evaluateExpression(parsed.expr, attributes);
  }
  return (rule.clauses ?? []).every((clause) => matchClause(clause, attributes));
};

const serveVariant = (flag: Flag, serve: Serve, userId: string): string =>
  'variant' in serve ? serve.variant : pickFromRollout(serve.rollout, bucketOf(flag.key, userId));

/** A pure function of the flag and the context: the service and the SDK share it. */
export function evaluateFlag(flag: Flag, context: EvaluationContext): Evaluation {
  const result = (variant: string, reason: Reason): Evaluation => ({
    flagKey: flag.key,
    variant,
    value: flag.variants[variant] ?? null,
    reason,
  });
  if (!flag.enabled) return result(flag.offVariant, 'DISABLED');
  const attributes = ownAttributes(context.attributes);
  for (const rule of flag.rules) {
    if (ruleMatches(rule, attributes)) return result(serveVariant(flag, rule.serve, context.userId), 'RULE_MATCH');
  }
  const reason = 'variant' in flag.fallthrough ? 'FALLTHROUGH' : 'ROLLOUT';
  return result(serveVariant(flag, flag.fallthrough, context.userId), reason);
}
