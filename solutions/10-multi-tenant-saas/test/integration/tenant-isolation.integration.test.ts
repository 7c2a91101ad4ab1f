import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { SignJWT } from 'jose';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildApp } from '../../src/app.ts';
import type { Config } from '../../src/config.ts';
import { openAppPool, prepareDatabase } from '../../src/db.ts';
import { Metrics } from '../../src/metrics.ts';
import { TENANT_TABLES } from '../../src/schema.ts';

const databaseUrl = process.env.DATABASE_URL;
const platformToken = randomBytes(12).toString('hex');
const jwtSecret = new TextEncoder().encode(randomBytes(16).toString('hex'));
const appPassword = randomBytes(12).toString('hex');

const tokenFor = (tenant: string, role: 'admin' | 'member' = 'admin') =>
  new SignJWT({ tenant, role }).setProtectedHeader({ alg: 'HS256' }).setSubject(`${tenant}-user`).sign(jwtSecret);

// Talks to the real Postgres whose URL is in DATABASE_URL (lab gives one); nothing to do without it.
describe.skipIf(!databaseUrl)('against Postgres', () => {
  let app: FastifyInstance;
  let pool: pg.Pool;
  let appUrl: string;

  beforeAll(async () => {
    ({ appUrl } = await prepareDatabase(databaseUrl as string, appPassword));
    pool = openAppPool(appUrl);
    const config: Config = {
      port: 0,
      tlsPort: undefined,
      databaseUrl: databaseUrl as string,
      appDbPassword: appPassword,
      platformToken,
      jwtSecret,
      billingWebhookUrl: undefined,
      domainCheckProxy: undefined,
      certIssuerUrl: undefined,
    };
    app = buildApp({ pool, config, metrics: new Metrics() });
  });
  const onboarded: string[] = [];

  // Leaves the database as it found it: the owner (a superuser, so RLS does not hide rows) deletes
  // every row of the tenants these tests onboarded (documents go with their projects), tenants last.
  afterAll(async () => {
    await app?.close();
    await pool?.end();
    if (onboarded.length === 0) return;
    const owner = new pg.Client({ connectionString: databaseUrl });
    await owner.connect();
    try {
      for (const table of TENANT_TABLES) {
        await owner.query(`DELETE FROM ${table} WHERE tenant_id = ANY($1::uuid[])`, [onboarded]);
      }
      await owner.query('DELETE FROM tenants WHERE id = ANY($1::uuid[])', [onboarded]);
    } finally {
      await owner.end();
    }
  });

  const onboard = async (plan: 'free' | 'pro') => {
    const res = await app.inject({
      method: 'POST',
      url: '/tenants',
      headers: { authorization: `Bearer ${platformToken}` },
      payload: { name: `it-${randomBytes(3).toString('hex')}`, plan },
    });
    expect(res.statusCode).toBe(201);
    const id = res.json<{ id: string }>().id;
    onboarded.push(id);
    return id;
  };

  test("a tenant cannot read another tenant's project by id", async () => {
    const a = await onboard('pro');
    const b = await onboard('pro');
    const created = await app.inject({
      method: 'POST',
      url: '/projects',
      headers: { authorization: `Bearer ${await tokenFor(a)}` },
      payload: { name: 'secret' },
    });
    const id = created.json<{ id: string }>().id;
    const foreign = await app.inject({
      method: 'GET',
      url: `/projects/${id}`,
      headers: { authorization: `Bearer ${await tokenFor(b)}` },
    });
    expect(foreign.statusCode).toBe(404);
    const own = await app.inject({
      method: 'GET',
      url: `/projects/${id}`,
      headers: { authorization: `Bearer ${await tokenFor(a)}` },
    });
    expect(own.statusCode).toBe(200);
  });

  test('the free plan refuses a 4th project with limit and usage', async () => {
    const tenant = await onboard('free');
    const headers = { authorization: `Bearer ${await tokenFor(tenant)}` };
    for (let i = 0; i < 3; i++) {
      expect(
        (await app.inject({ method: 'POST', url: '/projects', headers, payload: { name: `p${i}` } })).statusCode,
      ).toBe(201);
    }
    const refused = await app.inject({ method: 'POST', url: '/projects', headers, payload: { name: 'p4' } });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'QUOTA_EXCEEDED', resource: 'projects', limit: 3, usage: 3 });
  });

  test('the app role sees no tenant row without a tenant context', async () => {
    await onboard('free');
    const client = new pg.Client({ connectionString: appUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM quotas');
      expect(rows[0]?.n).toBe(0);
    } finally {
      await client.end();
    }
  });
});
