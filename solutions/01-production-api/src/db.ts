import pg from 'pg';
import type { SeedUser } from './config.ts';
import { hashPassword } from './passwords.ts';

export type Db = pg.Pool;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS users (
  id bigserial PRIMARY KEY,
  username text NOT NULL UNIQUE,
  password_hash text NOT NULL,
  role text NOT NULL CHECK (role IN ('admin', 'editor', 'viewer'))
);
CREATE TABLE IF NOT EXISTS refresh_tokens (
  jti uuid PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  expires_at timestamptz NOT NULL
);
CREATE TABLE IF NOT EXISTS products (
  id bigserial PRIMARY KEY,
  name text NOT NULL,
  category text NOT NULL,
  price_cents integer NOT NULL CHECK (price_cents >= 0),
  tags text[] NOT NULL DEFAULT '{}',
  -- Millisecond precision: a JavaScript Date (and so a keyset cursor) holds it exactly.
  created_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS products_price_id ON products (price_cents, id);
CREATE INDEX IF NOT EXISTS products_category_price_id ON products (category, price_cents, id);
CREATE INDEX IF NOT EXISTS products_created_at_id ON products (created_at, id);
CREATE INDEX IF NOT EXISTS products_name_id ON products (name, id);
`;

/** Opens the pool, creates the tables (idempotent) and the seed users that are missing. */
export async function openDb(url: string, seedUsers: readonly SeedUser[]): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  // Several instances may start on one database at once: one migrates, the others wait for it.
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock(4201)');
    await client.query(SCHEMA);
    for (const user of seedUsers) {
      await client.query(
        'INSERT INTO users (username, password_hash, role) VALUES ($1, $2, $3) ON CONFLICT (username) DO NOTHING',
        [user.username, hashPassword(user.password), user.role],
      );
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock(4201)').catch(() => {});
    client.release();
  }
  return pool;
}
