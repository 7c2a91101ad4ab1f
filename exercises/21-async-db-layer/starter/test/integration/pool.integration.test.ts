import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';

// An example integration test against the real Postgres lab gives your service (DATABASE_URL). It
// leaves nothing behind. Next: start your app on DATABASE_URL (buildApp + inject, or a real port),
// create accounts under a tenant of the test's own, transfer between them, and delete them after.
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  throw new Error(
    'DATABASE_URL is not set: integration tests need Postgres (lab verify sets it; locally: docker run -p 5432:5432 -e POSTGRES_PASSWORD=… postgres:15)',
  );
}

describe('a bounded pool', () => {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2, application_name: 'async-db-layer-test' });
  afterAll(() => pool.end());

  it('never opens more connections than max, however many queries wait', async () => {
    await Promise.all(Array.from({ length: 10 }, () => pool.query('SELECT pg_sleep(0.05)')));
    expect(pool.totalCount).toBeLessThanOrEqual(2);
  });
});
