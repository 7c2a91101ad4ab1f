import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { type Config, loadConfig } from '../../src/config.ts';
import { type Db, openDb } from '../../src/db.ts';

export interface TestApp {
  readonly url: string;
  readonly app: FastifyInstance;
  close(): Promise<void>;
}

/**
 * The real app on an ephemeral port against DATABASE_URL, called over HTTP. JWT_SECRET comes from the
 * environment when set, else a random one per run (never a secret literal in the source).
 */
export async function startTestApp(overrides: Partial<Config> = {}): Promise<TestApp> {
  const config: Config = {
    ...loadConfig({ PORT: '1', JWT_SECRET: randomBytes(32).toString('base64url'), ...process.env }),
    logLevel: 'warn',
    ...overrides,
  };
  const db: Db = await openDb(config.databaseUrl, config.seedUsers);
  const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });
  const app = await buildApp(config, db, { logStream: quiet });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  return {
    url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    app,
    async close() {
      await app.close();
      await db.end();
    },
  };
}
