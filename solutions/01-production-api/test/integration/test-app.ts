import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { type Config, loadConfig, type Role } from '../../src/config.ts';
import { type Db, openDb } from '../../src/db.ts';

/** Users the tests create, whatever SEED_USERS says, so they know the passwords. */
export const TEST_USERS = {
  admin: { username: 'e2e-admin', password: 'admin-pass', role: 'admin' },
  editor: { username: 'e2e-editor', password: 'editor-pass', role: 'editor' },
  viewer: { username: 'e2e-viewer', password: 'viewer-pass', role: 'viewer' },
} as const satisfies Record<Role, { username: string; password: string; role: Role }>;

export interface TestApp {
  readonly url: string;
  readonly config: Config;
  readonly app: FastifyInstance;
  request(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown; raw?: string; type?: string },
  ): Promise<{
    status: number;
    headers: Headers;
    // biome-ignore lint/suspicious/noExplicitAny: tests read response bodies field by field and assert them
    body: any;
  }>;
  login(role: Role): Promise<{ access_token: string; refresh_token: string }>;
  close(): Promise<void>;
}

/**
 * The real app on an ephemeral port against DATABASE_URL, talked to over HTTP. JWT_SECRET comes from
 * the environment when set, else a random one (the tests sign their own tokens with config.jwtSecret).
 */
export async function startTestApp(overrides: Partial<Config> = {}): Promise<TestApp> {
  const config: Config = {
    ...loadConfig({ PORT: '1', JWT_SECRET: randomBytes(32).toString('base64url'), ...process.env }),
    seedUsers: Object.values(TEST_USERS),
    rateLimitMax: 100_000,
    logLevel: 'warn',
    ...overrides,
  };
  const db: Db = await openDb(config.databaseUrl, config.seedUsers);
  const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });
  const app = await buildApp(config, db, { logStream: quiet });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const request: TestApp['request'] = async (method, path, options = {}) => {
    const headers: Record<string, string> = {};
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const body = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    if (body !== undefined) headers['content-type'] = options.type ?? 'application/json';
    const res = await fetch(url + path, { method, headers, ...(body === undefined ? {} : { body }) });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
  };
  return {
    url,
    config,
    app,
    request,
    async login(role) {
      const { username, password } = TEST_USERS[role];
      const res = await request('POST', '/v1/auth/login', { body: { username, password } });
      if (res.status !== 200) throw new Error(`login as ${role} answered ${res.status}`);
      return res.body;
    },
    /** Closes the app after removing what the tests created: their products (categories `*-e2e*`) and users. */
    async close() {
      await app.close();
      await db.query("DELETE FROM products WHERE category LIKE '%-e2e%'");
      await db.query('DELETE FROM users WHERE username = ANY($1)', [Object.values(TEST_USERS).map((u) => u.username)]);
      await db.end();
    },
  };
}
