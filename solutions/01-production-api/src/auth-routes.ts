import type { FastifyInstance } from 'fastify';
import type { Tokens } from './auth.ts';
import { ALL_ROLES } from './auth.ts';
import type { Role } from './config.ts';
import type { Db } from './db.ts';
import { verifyPassword } from './passwords.ts';
import { HttpProblem } from './problem.ts';
import { loginBody, meResponse, problemRef, protectedErrors, refreshBody, tokenPair } from './schemas.ts';
import { withSpan } from './telemetry.ts';

/** POST /v1/auth/login, POST /v1/auth/refresh, GET /v1/me (registered under /v1). */
export function authRoutes(db: Db, tokens: Tokens) {
  return async (app: FastifyInstance) => {
    app.post<{ Body: { username: string; password: string } }>(
      '/auth/login',
      {
        schema: {
          tags: ['auth'],
          summary: 'Log in: an access token and a refresh token',
          body: loginBody,
          response: { 200: tokenPair, 400: problemRef, 401: problemRef, 429: problemRef },
        },
      },
      async (request) =>
        // The key path of the service: every client starts here.
        withSpan('auth.login', { 'enduser.id': request.body.username }, async () => {
          const { username, password } = request.body;
          const found = await db.query<{ id: string; password_hash: string; role: Role }>(
            'SELECT id::text AS id, password_hash, role FROM users WHERE username = $1',
            [username],
          );
          const user = found.rows[0];
          if (!user || !verifyPassword(password, user.password_hash)) {
            throw new HttpProblem(401, 'unauthorized', 'Unauthorized', 'wrong username or password');
          }
          return tokens.issue({ id: user.id, username, role: user.role });
        }),
    );

    app.post<{ Body: { refresh_token: string } }>(
      '/auth/refresh',
      {
        schema: {
          tags: ['auth'],
          summary: 'Exchange a refresh token (once) for a new pair',
          body: refreshBody,
          response: { 200: tokenPair, 400: problemRef, 401: problemRef, 429: problemRef },
        },
      },
      async (request) => tokens.rotate(request.body.refresh_token),
    );

    app.get(
      '/me',
      {
        config: { roles: ALL_ROLES },
        schema: {
          tags: ['auth'],
          summary: 'Who the access token belongs to',
          security: [{ bearerAuth: [] }],
          response: { 200: meResponse, ...protectedErrors },
        },
      },
      async (request) => ({ username: request.user?.username, role: request.user?.role }),
    );
  };
}
