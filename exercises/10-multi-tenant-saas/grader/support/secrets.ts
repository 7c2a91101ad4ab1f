import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';

/** Fresh per run: the program gets them through its env, the grader mints its own tokens with them. */
export const PLATFORM_TOKEN = randomBytes(18).toString('base64url');
export const JWT_SECRET = randomBytes(24).toString('base64url');
export const APP_DB_PASSWORD = `app_${randomBytes(12).toString('hex')}`;

export type Role = 'admin' | 'member';

/** A tenant user's bearer token with the contract's claims: sub (the actor), tenant and role. */
export function tokenFor(sub: string, tenant: string, role: Role): Promise<string> {
  return new SignJWT({ tenant, role })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(JWT_SECRET));
}
