import type { Flag } from './flag.ts';

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

/**
 * A pure function of the flag and the context, shared by the service and the SDK.
 * TODO(R2): disabled → offVariant (DISABLED); rules in order, first match wins (RULE_MATCH); a clause
 * on a missing attribute never matches; otherwise the fallthrough (FALLTHROUGH, or ROLLOUT for a
 * rollout). Bucket users with a stable hash of flag key and user id — never Math.random.
 * TODO(B1): a rule's `expression` is parsed by your own parser (no eval, Function or vm).
 */
export function evaluateFlag(flag: Flag, _context: EvaluationContext): Evaluation {
  return {
    flagKey: flag.key,
    variant: flag.offVariant,
    value: flag.variants[flag.offVariant] ?? null,
    reason: 'DISABLED',
  };
}
