import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { jwtVerify } from 'jose';
import { HttpError } from './http-error.ts';

export type Role = 'admin' | 'member';

/** A tenant user, from a verified token: the actor of audit entries and the tenant of every query. */
export interface TenantCaller {
  readonly kind: 'tenant';
  readonly actor: string;
  readonly tenantId: string;
  readonly role: Role;
}

export interface PlatformCaller {
  readonly kind: 'platform';
  readonly actor: 'platform';
}

export type Caller = TenantCaller | PlatformCaller;

const bearer = (request: FastifyRequest): string | undefined =>
  /^Bearer (.+)$/i.exec(request.headers.authorization ?? '')?.[1];

const sameSecret = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** Who is calling; throws 401 when the token is missing, forged or expired. */
export async function callerOf(request: FastifyRequest, platformToken: string, secret: Uint8Array): Promise<Caller> {
  const token = bearer(request);
  if (!token) throw new HttpError(401, { error: 'send Authorization: Bearer <token>' });
  if (sameSecret(token, platformToken)) return { kind: 'platform', actor: 'platform' };
  try {
    const { payload } = await jwtVerify(token, secret, { algorithms: ['HS256'] });
    const { sub, tenant, role } = payload as { sub?: unknown; tenant?: unknown; role?: unknown };
    if (typeof sub === 'string' && typeof tenant === 'string' && (role === 'admin' || role === 'member')) {
      return { kind: 'tenant', actor: sub, tenantId: tenant, role };
    }
  } catch {
    // fall through to 401
  }
  throw new HttpError(401, {
    error: 'invalid token: expected an HS256 JWT with sub, tenant and role (admin or member)',
  });
}

const known = (caller: Caller | null): Caller => {
  if (!caller) throw new HttpError(401, { error: 'send Authorization: Bearer <token>' });
  return caller;
};

export function requirePlatform(maybe: Caller | null): PlatformCaller {
  const caller = known(maybe);
  if (caller.kind !== 'platform') throw new HttpError(403, { error: 'this route needs the platform token' });
  return caller;
}

export function requireTenant(maybe: Caller | null): TenantCaller {
  const caller = known(maybe);
  if (caller.kind !== 'tenant') throw new HttpError(403, { error: 'this route needs a tenant user token' });
  return caller;
}

export function requireAdmin(caller: Caller | null): TenantCaller {
  const tenant = requireTenant(caller);
  if (tenant.role !== 'admin') throw new HttpError(403, { error: 'only a tenant admin may do this' });
  return tenant;
}
