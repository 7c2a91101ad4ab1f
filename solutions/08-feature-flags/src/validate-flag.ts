import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import { parseExpression } from './dsl/parse.ts';
import type { Flag, Serve } from './flag.ts';
import { FLAG_SCHEMA } from './flag-schema.ts';

/** One problem with a payload: the JSON pointer of the field and what is wrong with it. */
export interface FieldError {
  readonly path: string;
  readonly message: string;
}

const ajv = new Ajv2020({ allErrors: true, strict: true });
const validateSchema = ajv.compile(FLAG_SCHEMA);

/** Ajv reports a missing or extra property on its parent; the learner wants the field itself. */
const pathOf = (error: ErrorObject): string => {
  const params = error.params as { missingProperty?: string; additionalProperty?: string };
  const child = params.missingProperty ?? params.additionalProperty;
  return child === undefined ? error.instancePath : `${error.instancePath}/${child}`;
};

/** Schema errors first; only a schema-valid flag gets the checks a schema cannot express. */
export function validateFlag(candidate: unknown): FieldError[] {
  if (!validateSchema(candidate)) {
    return (validateSchema.errors ?? []).map((e) => ({ path: pathOf(e), message: e.message ?? 'is invalid' }));
  }
  const flag = candidate as Flag;
  const errors: FieldError[] = [];
  const names = new Set(Object.keys(flag.variants));
  if (!names.has(flag.offVariant)) errors.push({ path: '/offVariant', message: 'must name one of the variants' });
  const checkServe = (serve: Serve, path: string) => {
    if ('variant' in serve) {
      if (!names.has(serve.variant)) errors.push({ path: `${path}/variant`, message: 'must name one of the variants' });
      return;
    }
    const unknown = Object.keys(serve.rollout).filter((name) => !names.has(name));
    if (unknown.length)
      errors.push({ path: `${path}/rollout`, message: `names unknown variants: ${unknown.join(', ')}` });
    const sum = Object.values(serve.rollout).reduce((a, b) => a + b, 0);
    if (Math.abs(sum - 100) > 1e-9)
      errors.push({ path: `${path}/rollout`, message: `weights must sum to 100, not ${sum}` });
  };
  flag.rules.forEach((rule, i) => {
    const hasClauses = rule.clauses !== undefined;
    const hasExpression = rule.expression !== undefined;
    if (hasClauses === hasExpression) {
      errors.push({ path: `/rules/${i}`, message: 'must have either clauses or an expression' });
    }
    if (hasExpression) {
      const parsed = parseExpression(rule.expression as string);
      if (!parsed.ok) errors.push({ path: `/rules/${i}/expression`, message: parsed.error });
    }
    checkServe(rule.serve, `/rules/${i}/serve`);
  });
  checkServe(flag.fallthrough, '/fallthrough');
  return errors;
}
