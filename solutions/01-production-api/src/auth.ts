import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { errors, jwtVerify, SignJWT } from 'jose';
import type { Config, Role } from './config.ts';
import type { Db } from './db.ts';
import { HttpProblem } from './problem.ts';

/** Who made a request, from a verified access token. */
export interface AuthUser {
  readonly id: string;
  readonly username: string;
  readonly role: Role;
}

declare module 'fastify' {
  interface FastifyRequest {
    user?: AuthUser;
  }
  interface FastifyContextConfig {
    /** Roles allowed on this route; absent = public. */
    roles?: readonly Role[];
  }
}

export const ALL_ROLES: readonly Role[] = ['admin', 'editor', 'viewer'];

const unauthorized = (detail: string) => new HttpProblem(401, 'unauthorized', 'Unauthorized', detail);

/**
 * Issues and verifies HS256 tokens. Access tokens are short-lived and stateless; refresh tokens
 * are single-use: their jti lives in Postgres until exchanged, so a replayed one is refused.
 */
export class Tokens {
  private readonly key: Uint8Array;

  constructor(
    private readonly config: Config,
    private readonly db: Db,
  ) {
    this.key = new TextEncoder().encode(config.jwtSecret);
  }

  async issue(user: AuthUser) {
    const jti = randomUUID();
    const access = new SignJWT({ username: user.username, role: user.role, typ: 'access' })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(user.id)
      .setIssuedAt()
      .setExpirationTime(`${this.config.accessTtlSeconds}s`)
      .sign(this.key);
    const refresh = new SignJWT({ typ: 'refresh' })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(user.id)
      .setJti(jti)
      .setIssuedAt()
      .setExpirationTime(`${this.config.refreshTtlSeconds}s`)
      .sign(this.key);
    await this.db.query(
      `INSERT INTO refresh_tokens (jti, user_id, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3))`,
      [jti, user.id, this.config.refreshTtlSeconds],
    );
    return {
      access_token: await access,
      refresh_token: await refresh,
      token_type: 'Bearer',
      expires_in: this.config.accessTtlSeconds,
    };
  }

  /** The user of a valid access token; 401 for anything else (expired, forged, alg none, a refresh token). */
  async verifyAccess(token: string): Promise<AuthUser> {
    const { payload } = await this.verify(token);
    if (payload.typ !== 'access' || !payload.sub || !ALL_ROLES.includes(payload.role as Role)) {
      throw unauthorized('not an access token');
    }
    return { id: payload.sub, username: String(payload.username), role: payload.role as Role };
  }

  /** Exchanges a refresh token once: its jti is deleted in the same statement that checks it. */
  async rotate(token: string) {
    const { payload } = await this.verify(token);
    if (payload.typ !== 'refresh' || !payload.jti) throw unauthorized('not a refresh token');
    const used = await this.db.query<{ id: string; username: string; role: Role }>(
      `WITH spent AS (DELETE FROM refresh_tokens WHERE jti = $1 AND expires_at > now() RETURNING user_id)
       SELECT u.id::text AS id, u.username, u.role FROM users u JOIN spent ON spent.user_id = u.id`,
      [payload.jti],
    );
    const user = used.rows[0];
    if (!user) throw unauthorized('refresh token already used, revoked or expired; log in again');
    return this.issue(user);
  }

  private async verify(token: string) {
    try {
      return await jwtVerify(token, this.key, { algorithms: ['HS256'] });
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw unauthorized('token expired');
      throw unauthorized('invalid token');
    }
  }
}

/** onRequest hook: routes with `config.roles` need a valid access token of one of those roles. */
export function authenticate(tokens: Tokens) {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    const roles = request.routeOptions.config.roles;
    if (!roles) return;
    const header = request.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    if (!token) throw unauthorized('missing bearer token (Authorization: Bearer <access_token>)');
    const user = await tokens.verifyAccess(token);
    request.user = user;
    if (!roles.includes(user.role)) {
      throw new HttpProblem(
        403,
        'forbidden',
        'Forbidden',
        `role ${user.role} may not do this; needs ${roles.join(' or ')}`,
      );
    }
  };
}
