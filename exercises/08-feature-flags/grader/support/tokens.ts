import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';

export type Role = 'admin' | 'editor' | 'viewer';

/** The HS256 secret every instance of this run gets as JWT_SECRET; the grader mints its own tokens with it. */
export const JWT_SECRET = randomBytes(24).toString('base64url');

/** A bearer token with the contract's claims: sub (the actor), tenant and role. Valid for an hour. */
export function tokenFor(sub: string, tenant: string, role: Role): Promise<string> {
  return new SignJWT({ tenant, role })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(JWT_SECRET));
}

/** The three roles of one tenant, each with its own actor name. */
export interface TenantTokens {
  readonly tenant: string;
  readonly admin: string;
  readonly editor: string;
  readonly viewer: string;
}

export async function tenantTokens(tenant: string): Promise<TenantTokens> {
  return {
    tenant,
    admin: await tokenFor(`${tenant}-admin`, tenant, 'admin'),
    editor: await tokenFor(`${tenant}-editor`, tenant, 'editor'),
    viewer: await tokenFor(`${tenant}-viewer`, tenant, 'viewer'),
  };
}
