import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import { describe, expect, test } from 'vitest';
import { callerOf } from '../../src/auth.ts';

// An example unit test: no services, a fresh secret per run (never a secret literal in the source).
const secret = new TextEncoder().encode(randomBytes(32).toString('base64url'));
const sign = (claims: Record<string, unknown>, key = secret) =>
  new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('ann').setExpirationTime('5m').sign(key);

describe('callerOf', () => {
  test('a valid token gives the actor, tenant and role', async () => {
    const token = await sign({ tenant: 'acme', role: 'editor' });
    expect(await callerOf(`Bearer ${token}`, secret)).toEqual({ actor: 'ann', tenant: 'acme', role: 'editor' });
  });

  test('a token signed with another secret, or without a tenant, is refused', async () => {
    const other = new TextEncoder().encode(randomBytes(32).toString('base64url'));
    expect(await callerOf(`Bearer ${await sign({ tenant: 'acme', role: 'admin' }, other)}`, secret)).toBeUndefined();
    expect(await callerOf(`Bearer ${await sign({ role: 'admin' })}`, secret)).toBeUndefined();
  });
});
