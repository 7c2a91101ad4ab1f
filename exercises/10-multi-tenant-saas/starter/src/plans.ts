/** The plans of the spec (R2) and their default limits; PUT /tenants/:id/quotas overrides one tenant's. */
export const PLANS = {
  free: { projects: 3, documents: 100 },
  pro: { projects: 50, documents: 10_000 },
} as const;

export type Plan = keyof typeof PLANS;

/** Narrows a request body's `plan` to a known plan: anything else is the caller's mistake (400). */
export const isPlan = (value: unknown): value is Plan => typeof value === 'string' && Object.hasOwn(PLANS, value);
