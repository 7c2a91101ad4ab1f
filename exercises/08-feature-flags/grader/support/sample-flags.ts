/** Flags the grader creates, built as plain JSON (the grader never imports the learner's types). */
export type FlagDoc = Record<string, unknown>;

/** A boolean flag with a fixed fallthrough: the simplest complete flag of the contract. */
export function booleanFlag(key: string, overrides: FlagDoc = {}): FlagDoc {
  return {
    key,
    description: `grader flag ${key}`,
    enabled: true,
    variants: { on: true, off: false },
    offVariant: 'off',
    rules: [],
    fallthrough: { variant: 'on' },
    ...overrides,
  };
}

/** The README's example flag: clause rules and rollouts, every part of the model at once. */
export function fullFlag(key: string): FlagDoc {
  return {
    key,
    description: 'New checkout flow',
    enabled: true,
    variants: { on: true, off: false, beta: 'beta-build' },
    offVariant: 'off',
    rules: [
      { id: 'beta', clauses: [{ attribute: 'beta', op: 'eq', values: [true] }], serve: { variant: 'beta' } },
      {
        id: 'eu-adults',
        clauses: [
          { attribute: 'country', op: 'in', values: ['DE', 'FR'] },
          { attribute: 'age', op: 'gte', values: [18] },
        ],
        serve: { rollout: { on: 50, off: 50 } },
      },
    ],
    fallthrough: { rollout: { on: 10, off: 90 } },
  };
}

/** A flag whose fallthrough is a rollout of `first` (the named share) and `rest`. */
export function rolloutFlag(key: string, firstPercent: number): FlagDoc {
  return booleanFlag(key, {
    variants: { treatment: 'T', control: 'C' },
    offVariant: 'control',
    fallthrough: { rollout: { treatment: firstPercent, control: 100 - firstPercent } },
  });
}

/** The flag as the API must return it, without the fields the service adds. */
export function withoutServiceFields(flag: unknown): FlagDoc {
  const { version: _v, updatedAt: _u, ...doc } = (flag ?? {}) as FlagDoc;
  return doc;
}
