import { jwtVerify } from 'jose';

export type Role = 'admin' | 'editor' | 'viewer';

/** Who is calling, from a verified token: the actor of audit entries and the tenant of every query. */
export interface Caller {
  readonly actor: string;
  readonly tenant: string;
  readonly role: Role;
}

const ROLES = new Set<string>(['admin', 'editor', 'viewer']);

/** Verifies an HS256 bearer token; undefined when it is missing, forged, expired or lacks a claim. */
export async function callerOf(authorization: string | undefined, secret: Uint8Array): Promise<Caller | undefined> {
  const match = /^Bearer (.+)$/i.exec(authorization ?? '');
  if (!match) return undefined;
  try {
    const { payload } = await jwtVerify(match[1] as string, secret, { algorithms: ['HS256'] });
    const { sub, tenant, role } = payload as { sub?: unknown; tenant?: unknown; role?: unknown };
    if (typeof sub !== 'string' || typeof tenant !== 'string' || typeof role !== 'string' || !ROLES.has(role)) {
      return undefined;
    }
    return { actor: sub, tenant, role: role as Role };
  } catch {
    return undefined;
  }
}

export const canWrite = (caller: Caller): boolean => caller.role === 'admin' || caller.role === 'editor';
