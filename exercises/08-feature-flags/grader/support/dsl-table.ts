/** One expression of the grader's table and the result it must give for each context. */
export interface DslCase {
  readonly expression: string;
  readonly expect: readonly [attributes: Record<string, unknown>, matches: boolean][];
}

/** Precedence, parentheses, not, strings with escapes, numbers, missing attributes — as the README specifies. */
export const DSL_TABLE: readonly DslCase[] = [
  {
    expression: 'country in ["DE","FR"] and age >= 18 or beta == true',
    expect: [
      [{ country: 'DE', age: 20 }, true],
      [{ country: 'DE', age: 17 }, false],
      [{ country: 'US', age: 30, beta: true }, true],
      [{ country: 'US', age: 30 }, false],
      [{}, false],
    ],
  },
  {
    expression: 'country in ["DE", "FR"] and (age >= 18 or beta == true)',
    expect: [
      [{ country: 'FR', age: 10, beta: true }, true],
      [{ country: 'US', beta: true }, false],
    ],
  },
  {
    expression: 'a == 1 or b == 2 and c == 3',
    expect: [
      [{ a: 1 }, true],
      [{ b: 2 }, false],
      [{ b: 2, c: 3 }, true],
    ],
  },
  {
    expression: '(a == 1 or b == 2) and c == 3',
    expect: [
      [{ a: 1 }, false],
      [{ a: 1, c: 3 }, true],
    ],
  },
  {
    expression: 'not beta == true',
    expect: [
      [{ beta: true }, false],
      [{ beta: false }, true],
      [{}, true],
    ],
  },
  {
    expression: 'not not vip == true',
    expect: [
      [{ vip: true }, true],
      [{ vip: false }, false],
    ],
  },
  {
    expression: 'country in ["DE"] and not (age < 18)',
    expect: [
      [{ country: 'DE', age: 20 }, true],
      [{ country: 'DE', age: 5 }, false],
      [{ country: 'DE' }, true],
    ],
  },
  {
    expression: 'name == "say \\"hi\\""',
    expect: [
      [{ name: 'say "hi"' }, true],
      [{ name: 'say hi' }, false],
    ],
  },
  {
    expression: 'path == "a\\\\b"',
    expect: [
      [{ path: 'a\\b' }, true],
      [{ path: 'ab' }, false],
    ],
  },
  {
    expression: 'score > 2.5 and score <= 10',
    expect: [
      [{ score: 3 }, true],
      [{ score: 2.5 }, false],
      [{ score: 10 }, true],
      [{ score: '5' }, false],
    ],
  },
  {
    expression: 'level != 3',
    expect: [
      [{ level: 4 }, true],
      [{ level: 3 }, false],
      [{}, false],
    ],
  },
  {
    expression: 'temp < -5',
    expect: [
      [{ temp: -10 }, true],
      [{ temp: 0 }, false],
    ],
  },
  { expression: 'tier in []', expect: [[{ tier: 'x' }, false]] },
  {
    expression: '   plan   ==   "pro"   ',
    expect: [
      [{ plan: 'pro' }, true],
      [{ plan: 'free' }, false],
    ],
  },
  { expression: 'constructor == "Object" or toString != "x" or __proto__ == 1', expect: [[{}, false]] },
  {
    expression: 'admin == true',
    expect: [
      [JSON.parse('{"__proto__": {"admin": true}}') as Record<string, unknown>, false],
      [{ admin: true }, true],
    ],
  },
  { expression: '__proto__ == 1', expect: [[JSON.parse('{"__proto__": 1}') as Record<string, unknown>, true]] },
];

/** Malformed expressions: each must be refused with 400 naming the position of the problem. */
export const MALFORMED: readonly string[] = [
  'country ==',
  '(a == 1',
  'a == "unterminated',
  'a === 1',
  'a == 1 b == 2',
  'eval("1") == 1',
  'a in ["x",]',
  'and a == 1',
];
