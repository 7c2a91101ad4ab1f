import pg from 'pg';

const MIGRATION = `
CREATE TABLE IF NOT EXISTS flags (
  tenant text NOT NULL,
  key text NOT NULL,
  doc jsonb NOT NULL,
  version integer NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant, key)
);
CREATE TABLE IF NOT EXISTS audit (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL,
  actor text NOT NULL,
  tenant text NOT NULL,
  action text NOT NULL,
  flag_key text NOT NULL,
  diff jsonb NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_tenant_id ON audit (tenant, id DESC);
`;

/** Several instances start at once: an advisory lock keeps their CREATE TABLEs from racing. */
export async function openDatabase(url: string): Promise<pg.Pool> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  pool.on('error', () => {});
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock(80808)');
    await client.query(MIGRATION);
  } finally {
    await client.query('SELECT pg_advisory_unlock(80808)').catch(() => {});
    client.release();
  }
  return pool;
}
