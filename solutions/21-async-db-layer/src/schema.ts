import type pg from 'pg';

/** Tables of the service, created at start-up under an advisory lock (several instances may start at once). */
export async function createSchema(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock(2121)');
    await client.query(`
      CREATE TABLE IF NOT EXISTS accounts (
        id serial PRIMARY KEY,
        tenant_id text NOT NULL,
        balance integer NOT NULL
      );
      CREATE INDEX IF NOT EXISTS accounts_tenant ON accounts (tenant_id, id);
      CREATE TABLE IF NOT EXISTS transfers (
        id bigserial PRIMARY KEY,
        tenant_id text NOT NULL,
        from_id integer NOT NULL REFERENCES accounts (id),
        to_id integer NOT NULL REFERENCES accounts (id),
        amount integer NOT NULL CHECK (amount > 0),
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX IF NOT EXISTS transfers_from ON transfers (tenant_id, from_id);
      CREATE INDEX IF NOT EXISTS transfers_to ON transfers (tenant_id, to_id);`);
  } finally {
    await client.query('SELECT pg_advisory_unlock(2121)').catch(() => {});
    client.release();
  }
}
