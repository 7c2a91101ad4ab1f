import { describe, expect, test } from 'vitest';
import { evaluateFlag } from '../../src/evaluate.ts';
import type { Flag } from '../../src/flag.ts';

const flag = (overrides: Partial<Flag> = {}): Flag => ({
  key: 'new-checkout',
  enabled: true,
  variants: { on: true, off: false },
  offVariant: 'off',
  rules: [
    { id: 'de', clauses: [{ attribute: 'country', op: 'in', values: ['DE', 'AT'] }], serve: { variant: 'on' } },
    { id: 'adults', expression: 'age >= 18 and beta == true', serve: { variant: 'off' } },
  ],
  fallthrough: { variant: 'off' },
  ...overrides,
});

describe('evaluation engine', () => {
  test('the first matching rule wins, with reason RULE_MATCH', () => {
    const result = evaluateFlag(flag(), { userId: 'u1', attributes: { country: 'DE', age: 30, beta: true } });
    expect(result).toEqual({ flagKey: 'new-checkout', variant: 'on', value: true, reason: 'RULE_MATCH' });
  });

  test('a disabled flag serves offVariant with reason DISABLED', () => {
    const result = evaluateFlag(flag({ enabled: false }), { userId: 'u1', attributes: { country: 'DE' } });
    expect(result).toMatchObject({ variant: 'off', reason: 'DISABLED' });
  });

  test('missing attributes match no clause, neq and not_in included', () => {
    const negative = flag({
      rules: [
        { id: 'neq', clauses: [{ attribute: 'plan', op: 'neq', values: ['free'] }], serve: { variant: 'on' } },
        { id: 'nin', clauses: [{ attribute: 'plan', op: 'not_in', values: ['free'] }], serve: { variant: 'on' } },
      ],
    });
    expect(evaluateFlag(negative, { userId: 'u1' })).toMatchObject({ variant: 'off', reason: 'FALLTHROUGH' });
  });

  test('a fallthrough rollout gives reason ROLLOUT; 0 % never and 100 % always serves', () => {
    const users = Array.from({ length: 500 }, (_, i) => ({ userId: `u${i}` }));
    const always = flag({ rules: [], fallthrough: { rollout: { on: 100, off: 0 } } });
    const never = flag({ rules: [], fallthrough: { rollout: { on: 0, off: 100 } } });
    for (const context of users) {
      expect(evaluateFlag(always, context)).toMatchObject({ variant: 'on', reason: 'ROLLOUT' });
      expect(evaluateFlag(never, context).variant).toBe('off');
    }
  });

  test('__proto__ and constructor are ordinary missing attributes', () => {
    const hostile = flag({
      rules: [{ id: 'p', expression: 'constructor == "x" or toString != "y"', serve: { variant: 'on' } }],
    });
    const attributes = JSON.parse('{"__proto__": {"constructor": "x"}}') as Record<string, unknown>;
    expect(evaluateFlag(hostile, { userId: 'u1', attributes }).reason).toBe('FALLTHROUGH');
  });
});
