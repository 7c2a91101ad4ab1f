import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

// An example integration test: it talks to the real Postgres and Redis your program gets
// (DATABASE_URL, REDIS_URL; keys under KEY_PREFIX) and leaves nothing behind.
// TODO(C1): test your flag API, cache and audit log like this — start your app on port 0 in beforeAll.
describe('services', () => {
  let pool: pg.Pool;
  let redis: Redis;
  const key = `${process.env.KEY_PREFIX ?? ''}example-test`;
  beforeAll(() => {
    pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
    redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  });
  afterAll(async () => {
    await redis?.del(key);
    redis?.disconnect();
    await pool?.end();
  });

  test('Postgres answers a query and Redis keeps a key', async () => {
    expect((await pool.query('SELECT 1 + 1 AS two')).rows[0]).toEqual({ two: 2 });
    await redis.set(key, 'value', 'EX', 60);
    expect(await redis.get(key)).toBe('value');
  });
});
