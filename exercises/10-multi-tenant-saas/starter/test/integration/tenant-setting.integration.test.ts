import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';

// An example integration test against the real Postgres lab gives your service (DATABASE_URL). It
// leaves nothing behind: every statement runs in a transaction that it rolls back or commits empty.
// Next: create your schema in a database of its own, then check that tenant A cannot see tenant B's rows
// when connected as your application role.
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  throw new Error(
    'DATABASE_URL is not set: integration tests need Postgres (lab verify sets it; locally: docker run -p 5432:5432 -e POSTGRES_PASSWORD=… postgres:15)',
  );
}

describe('the tenant context', () => {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  afterAll(() => pool.end());

  it('set_config(…, true) lasts for the transaction only, so a pooled connection never keeps a tenant', async () => {
    const client = await pool.connect();
    try {
      const tenant = randomUUID();
      await client.query('BEGIN');
      await client.query("SELECT set_config('app.tenant_id', $1, true)", [tenant]);
      const inside = await client.query<{ id: string }>("SELECT current_setting('app.tenant_id') AS id");
      expect(inside.rows[0]?.id).toBe(tenant);
      await client.query('COMMIT');
      const after = await client.query<{ id: string | null }>("SELECT current_setting('app.tenant_id', true) AS id");
      expect(after.rows[0]?.id ?? '').toBe('');
    } finally {
      client.release();
    }
  });
});
