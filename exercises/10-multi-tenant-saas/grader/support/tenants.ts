import { expect } from 'vitest';
import type { SaasClient } from './http-client.ts';
import { PLATFORM_TOKEN, tokenFor } from './secrets.ts';

/** An onboarded tenant with an admin and a member token. */
export interface Tenant {
  readonly id: string;
  readonly name: string;
  readonly admin: string;
  readonly member: string;
  /** The `sub` of the admin token: the actor the audit trail must name. */
  readonly adminSub: string;
}

export async function onboard(api: SaasClient, name: string, plan: 'free' | 'pro' = 'free'): Promise<Tenant> {
  const res = await api.post('/tenants', { token: PLATFORM_TOKEN, body: { name, plan } });
  const id = (res.json as { id?: unknown } | undefined)?.id;
  expect(
    res.status === 201 && typeof id === 'string',
    `onboarding must answer 201 {id, name, plan} (R2)\n  ${res.shown}`,
  ).toBe(true);
  const adminSub = `${name}-admin`;
  return {
    id: id as string,
    name,
    adminSub,
    admin: await tokenFor(adminSub, id as string, 'admin'),
    member: await tokenFor(`${name}-member`, id as string, 'member'),
  };
}

/** A call that must succeed with `status`; returns its JSON body. */
export async function expectStatus<T = Record<string, unknown>>(
  what: string,
  call: Promise<{ status: number; json: unknown; shown: string }>,
  status: number,
): Promise<T> {
  const res = await call;
  expect(res.status, `${what} must answer ${status}\n  ${res.shown}`).toBe(status);
  return res.json as T;
}

export const idOf = (json: unknown): string => {
  const id = (json as { id?: unknown } | undefined)?.id;
  expect(typeof id, `expected a body with an id, got ${JSON.stringify(json)}`).toBe('string');
  return id as string;
};

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
