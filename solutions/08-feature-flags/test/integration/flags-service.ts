import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { SignJWT } from 'jose';
import { buildApp, type FlagsApp } from '../../src/app.ts';
import type { Role } from '../../src/auth.ts';

/** One log line as pino writes it, parsed. */
export type LogLine = Record<string, unknown>;

export interface FlagsService {
  readonly url: string;
  readonly tenant: string;
  readonly service: FlagsApp;
  /** Every log line the service wrote, parsed (a line that is not JSON throws). */
  readonly logs: LogLine[];
  token(role: Role, tenant?: string): Promise<string>;
  request(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> },
  ): Promise<{ status: number; headers: Headers; body: unknown }>;
  /** Removes this run's rows and Redis keys, then closes the service. */
  close(): Promise<void>;
}

const required = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: the integration tests use the real service it names`);
  return value;
};

/**
 * The real service on an ephemeral port against DATABASE_URL and REDIS_URL, under a KEY_PREFIX and a
 * tenant of its own so parallel files and runs never meet. JWT_SECRET comes from the environment when
 * set, else a random one: the tests mint their own tokens with it.
 */
export async function startFlagsService(): Promise<FlagsService> {
  const run = randomBytes(4).toString('hex');
  const keyPrefix = `${process.env.KEY_PREFIX ?? ''}test-${run}:`;
  const secret = new TextEncoder().encode(process.env.JWT_SECRET || randomBytes(32).toString('base64url'));
  const tenant = `tenant-${run}`;
  const logs: LogLine[] = [];
  const logStream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) logs.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  const service = await buildApp(
    {
      port: 0,
      databaseUrl: required('DATABASE_URL'),
      redisUrl: required('REDIS_URL'),
      keyPrefix,
      jwtSecret: secret,
      cacheTtlSeconds: 5,
    },
    { logStream },
  );
  await service.app.listen({ port: 0, host: '127.0.0.1' });
  const address = service.app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const tenants = new Set([tenant]);

  return {
    url,
    tenant,
    service,
    logs,
    token(role, forTenant = tenant) {
      tenants.add(forTenant);
      return new SignJWT({ tenant: forTenant, role })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(`${forTenant}-${role}`)
        .setExpirationTime('10m')
        .sign(secret);
    },
    async request(method, path, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      const body = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
      if (body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(url + path, { method, headers, ...(body === undefined ? {} : { body }) });
      const text = await res.text();
      return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as unknown) : undefined };
    },
    async close() {
      const names = [...tenants];
      await service.pool.query('DELETE FROM flags WHERE tenant = ANY($1)', [names]);
      await service.pool.query('DELETE FROM audit WHERE tenant = ANY($1)', [names]);
      const keys = await service.redis.keys(`${keyPrefix}*`);
      if (keys.length) await service.redis.del(...keys);
      await service.close();
    },
  };
}

/** A valid flag document: German users get "on", everyone else a 50/50 rollout. */
export const sampleFlag = (key: string) => ({
  key,
  description: 'integration test flag',
  enabled: true,
  variants: { on: true, off: false },
  offVariant: 'off',
  rules: [{ id: 'de', clauses: [{ attribute: 'country', op: 'eq', values: ['DE'] }], serve: { variant: 'on' } }],
  fallthrough: { rollout: { on: 50, off: 50 } },
});
