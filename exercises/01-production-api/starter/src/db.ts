import pg from 'pg';
import type { SeedUser } from './config.ts';

export type Db = pg.Pool;

/**
 * Opens the pool. DATABASE_URL is a fresh, empty database: create your tables here at start-up
 * (idempotently — CREATE TABLE IF NOT EXISTS), then the SEED_USERS that are missing.
 */
export async function openDb(url: string, seedUsers: readonly SeedUser[]): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  pool.on('error', () => {});
  // TODO(R1): tables users (username, password hash — never the password —, role) and refresh_tokens
  //           (one row per refresh token id, so each can be exchanged only once); insert seedUsers.
  // TODO(R3): table products (id, name, category, price in integer cents, tags, created_at) with
  //           indexes that fit your sort orders, each ending in id.
  void seedUsers;
  await pool.query('SELECT 1');
  return pool;
}
