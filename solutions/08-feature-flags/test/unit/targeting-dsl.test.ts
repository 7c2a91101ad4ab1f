import { describe, expect, test } from 'vitest';
import { evaluateExpression } from '../../src/dsl/evaluate-expression.ts';
import { MAX_DEPTH, parseExpression } from '../../src/dsl/parse.ts';

const holds = (source: string, attributes: Record<string, unknown>): boolean => {
  const parsed = parseExpression(source);
  if (!parsed.ok) throw new Error(`${source}: ${parsed.error}`);
  return evaluateExpression(parsed.expr, attributes);
};

describe('targeting DSL', () => {
  test('and binds tighter than or, parentheses and not change it', () => {
    const user = { country: 'FR', age: 16, beta: true };
    expect(holds('country in ["DE","FR"] and age >= 18 or beta == true', user)).toBe(true);
    expect(holds('country in ["DE","FR"] and (age >= 18 or beta == false)', user)).toBe(false);
    expect(holds('not (age < 18)', user)).toBe(false);
  });

  test('strings with escapes, negative and decimal numbers, empty lists', () => {
    expect(holds('name == "a\\"b\\\\c"', { name: 'a"b\\c' })).toBe(true);
    expect(holds('score > -1.5 and score < 0.25', { score: 0 })).toBe(true);
    expect(holds('tier in []', { tier: 'gold' })).toBe(false);
  });

  test('malformed and too deeply nested expressions are refused with their position', () => {
    const broken = parseExpression('age >= ');
    expect(broken.ok).toBe(false);
    const deep = parseExpression(`${'('.repeat(MAX_DEPTH + 5)}a == 1${')'.repeat(MAX_DEPTH + 5)}`);
    expect(deep).toMatchObject({ ok: false, pos: expect.any(Number) });
  });
});
