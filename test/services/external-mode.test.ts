import { Redis } from 'ioredis';
import pg from 'pg';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { newRunId } from '../../harness/services/run-id.ts';
import { startServices } from '../../harness/services/start-services.ts';
import { containersWithLabel, offlineImagesPresent } from './docker-ps.ts';

beforeAll(() => {
  expect(offlineImagesPresent(), 'build the images first: bash containers/ci-prepare.sh').toBe(true);
});
afterEach(() => {
  delete process.env.LAB_REDIS_URL;
  delete process.env.LAB_DATABASE_URL;
});

async function sql(url: string, text: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

describe('external mode: URLs from LAB_REDIS_URL / LAB_DATABASE_URL', () => {
  test('lab starts no container, and still isolates each run (key prefix, own database dropped at stop)', async () => {
    // The "external" servers of this test: a run of lab's own containers, as CI service containers would be.
    await using servers = await startServices(['redis', 'postgres'], { runId: newRunId() });
    process.env.LAB_REDIS_URL = servers.env.REDIS_URL;
    process.env.LAB_DATABASE_URL = servers.env.DATABASE_URL;
    const [a, b] = [newRunId(), newRunId()];
    const first = await startServices(['redis', 'postgres'], { runId: a });
    const second = await startServices(['redis', 'postgres'], { runId: b });
    const redis = new Redis(servers.env.REDIS_URL ?? '', { maxRetriesPerRequest: 0 });
    try {
      for (const [run, services] of [
        [a, first],
        [b, second],
      ] as const) {
        expect(services.services.map((s) => s.mode)).toEqual(['external', 'external']);
        expect(services.services.every((s) => s.containerId === undefined)).toBe(true);
        expect(services.env.REDIS_URL).toBe(servers.env.REDIS_URL);
        expect(services.env.KEY_PREFIX).toBe(`lab:${run}:`);
        expect(new URL(services.env.DATABASE_URL ?? '').pathname).toBe(`/lab_${run}`);
        expect(containersWithLabel(`dev.lab.run=${run}`)).toEqual([]);
      }

      await sql(first.env.DATABASE_URL ?? '', 'CREATE TABLE orders (id int)');
      // Roles named after a run's database (as manifests ask) go with it; another run's stay.
      await sql(first.env.DATABASE_URL ?? '', `CREATE ROLE app_lab_${a} LOGIN`);
      await sql(first.env.DATABASE_URL ?? '', `GRANT SELECT ON orders TO app_lab_${a}`);
      await sql(second.env.DATABASE_URL ?? '', `CREATE ROLE app_lab_${b} LOGIN`);
      const seen = await sql(second.env.DATABASE_URL ?? '', "SELECT to_regclass('orders') AS t");
      expect(seen.rows[0].t).toBeNull();
      await redis.set(`${first.env.KEY_PREFIX}lock`, 'held');
      await redis.set(`${second.env.KEY_PREFIX}lock`, 'other');

      await first.stop();
      const databases = await sql(
        servers.env.DATABASE_URL ?? '',
        "SELECT datname FROM pg_database WHERE datname LIKE 'lab_%'",
      );
      expect(databases.rows.map((r) => r.datname)).not.toContain(`lab_${a}`);
      expect(databases.rows.map((r) => r.datname)).toContain(`lab_${b}`);
      const roles = await sql(
        servers.env.DATABASE_URL ?? '',
        "SELECT rolname FROM pg_roles WHERE rolname LIKE 'app_lab_%'",
      );
      expect(roles.rows.map((r) => r.rolname)).toEqual([`app_lab_${b}`]);
      expect(await redis.get(`${first.env.KEY_PREFIX}lock`)).toBeNull();
      expect(await redis.get(`${second.env.KEY_PREFIX}lock`)).toBe('other');
    } finally {
      redis.disconnect();
      await first.stop();
      await second.stop();
    }
  });

  test('an external Redis that does not answer is an environment error naming LAB_REDIS_URL', async () => {
    process.env.LAB_REDIS_URL = 'redis://:secret@127.0.0.1:1';
    const error = await startServices(['redis'], { runId: newRunId() }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'environment' });
    expect((error as Error).message).toMatch(
      /Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:1 \(LAB_REDIS_URL\) did not answer PING/,
    );
    expect((error as Error).message).not.toMatch(/secret/);
  });
});
