/** Plan limits; PUT /tenants/:id/quotas overrides them per tenant. */
export const PLANS = {
  free: { projects: 3, documents: 100 },
  pro: { projects: 50, documents: 10_000 },
} as const;

export type Plan = keyof typeof PLANS;

export const isPlan = (value: unknown): value is Plan => value === 'free' || value === 'pro';
