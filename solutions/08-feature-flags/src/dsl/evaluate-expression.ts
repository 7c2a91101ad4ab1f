import type { Expr, Scalar } from './parse.ts';

/**
 * Evaluates a parsed expression against attributes (a null-prototype object: `__proto__` and
 * `constructor` are only ever own attributes). A comparison on a missing attribute is false.
 */
export function evaluateExpression(expr: Expr, attributes: Readonly<Record<string, unknown>>): boolean {
  switch (expr.kind) {
    case 'or':
      return evaluateExpression(expr.left, attributes) || evaluateExpression(expr.right, attributes);
    case 'and':
      return evaluateExpression(expr.left, attributes) && evaluateExpression(expr.right, attributes);
    case 'not':
      return !evaluateExpression(expr.operand, attributes);
    case 'in': {
      if (!Object.hasOwn(attributes, expr.attribute)) return false;
      const actual = attributes[expr.attribute];
      return expr.values.some((v) => v === actual);
    }
    case 'cmp': {
      if (!Object.hasOwn(attributes, expr.attribute)) return false;
      return compare(attributes[expr.attribute], expr.op, expr.value);
    }
  }
}

function compare(actual: unknown, op: string, expected: Scalar): boolean {
  if (op === '==') return actual === expected;
  if (op === '!=') return actual !== expected;
  if (typeof actual !== 'number' || typeof expected !== 'number') return false;
  if (op === '>') return actual > expected;
  if (op === '>=') return actual >= expected;
  if (op === '<') return actual < expected;
  return actual <= expected;
}
