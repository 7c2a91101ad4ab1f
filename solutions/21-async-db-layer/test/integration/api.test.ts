import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';

// Talks to the real Postgres of DATABASE_URL (and DATABASE_REPLICA_URL if set); skipped without one.
const url = process.env.DATABASE_URL;
// Tenants of this run only: the tests leave nothing behind in a shared database.
const run = randomBytes(4).toString('hex');
const [A, B] = [`it-a-${run}`, `it-b-${run}`];

describe.skipIf(!url)('the API against Postgres', () => {
  let app: FastifyInstance;
  const as = (tenant: string) => ({ 'x-tenant-id': tenant });
  const create = async (balance: number, tenant = A) => {
    const answer = await app.inject({ method: 'POST', url: '/accounts', headers: as(tenant), payload: { balance } });
    expect(answer.statusCode).toBe(201);
    return answer.json<{ id: number }>().id;
  };
  // Reads carry the write's LSN so they see it even on a lagging replica.
  const balance = async (id: number, lsn: string, tenant = A) =>
    (
      await app.inject({ method: 'GET', url: `/accounts/${id}`, headers: { ...as(tenant), 'x-session-lsn': lsn } })
    ).json<{
      balance: number;
    }>().balance;

  beforeAll(async () => {
    app = await buildApp({ ...loadConfig({ ...process.env, DATABASE_URL: url }), port: 0 });
  });
  afterAll(async () => {
    await app?.close();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query('DELETE FROM transfers WHERE tenant_id = ANY($1)', [[A, B]]);
      await client.query('DELETE FROM accounts WHERE tenant_id = ANY($1)', [[A, B]]);
    } finally {
      await client.end();
    }
  });

  test('a transfer moves money in one transaction and returns its WAL position', async () => {
    const [a, b] = [await create(100), await create(100)];
    const answer = await app.inject({
      method: 'POST',
      url: '/transfers',
      headers: as(A),
      payload: { from: a, to: b, amount: 30 },
    });
    expect(answer.statusCode).toBe(200);
    const lsn = String(answer.headers['x-session-lsn']);
    expect(lsn).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
    expect([await balance(a, lsn), await balance(b, lsn)]).toEqual([70, 130]);
  });

  test('a batch with an unknown account applies nothing', async () => {
    const [a, b] = [await create(100), await create(100)];
    const answer = await app.inject({
      method: 'POST',
      url: '/transfers/batch',
      headers: as(A),
      payload: {
        transfers: [
          { from: a, to: b, amount: 10 },
          { from: a, to: 999_999, amount: 10 },
        ],
      },
    });
    expect(answer.statusCode).toBe(404);
    const probe = await app.inject({
      method: 'POST',
      url: '/transfers',
      headers: as(A),
      payload: { from: a, to: b, amount: 1 },
    });
    const lsn = String(probe.headers['x-session-lsn']);
    expect([await balance(a, lsn), await balance(b, lsn)]).toEqual([99, 101]);
  });

  test("another tenant's account is 404, and no tenant is 400", async () => {
    const id = await create(5, A);
    const foreign = await app.inject({ method: 'GET', url: `/accounts/${id}`, headers: as(B) });
    expect(foreign.statusCode).toBe(404);
    const none = await app.inject({ method: 'GET', url: `/accounts/${id}` });
    expect(none.json()).toMatchObject({ status: 400, code: 'TENANT_REQUIRED' });
  });

  test('GET /pool and /metrics report the pools', async () => {
    expect((await app.inject({ url: '/pool' })).json()).toMatchObject({ primary: { max: expect.any(Number) } });
    const metrics = (await app.inject({ url: '/metrics' })).body;
    expect(metrics).toContain('pg_pool_total_connections');
    expect(metrics).toContain('db_query_duration_seconds_bucket');
  });
});
