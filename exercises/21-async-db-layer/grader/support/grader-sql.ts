import pg from 'pg';
import { sql } from '../../../../harness/grading/grader-kit.ts';

export { sql };

/** The application_name the contract asks the program to set on every connection. */
export const APP_NAME = 'async-db-layer';

/**
 * The program's sessions on the database of `url`, made with that URL's role (the grader's reader role
 * for DATABASE_REPLICA_URL is another), by state (`active`, `idle`, `idle in transaction`…) and wait.
 */
export async function appSessions(url: string) {
  return sql<{ pid: number; state: string | null; wait: string | null; query: string }>(
    url,
    `SELECT pid, state, wait_event_type AS wait, query FROM pg_stat_activity
      WHERE application_name = $1 AND datname = current_database() AND usename = current_user`,
    [APP_NAME],
  );
}

/**
 * A transaction of the grader's own that holds locks until `release()`: row locks on accounts, or a
 * table lock. Its deadlock_timeout is long, so in a deadlock it is always the program's transaction
 * that Postgres aborts.
 */
export interface HeldLocks {
  lock(text: string, values?: unknown[]): Promise<void>;
  /** Starts a lock request that may wait; resolves when granted. */
  lockLater(text: string, values?: unknown[]): Promise<void>;
  release(): Promise<void>;
}

export async function holdLocks(url: string): Promise<HeldLocks> {
  const client = new pg.Client({ connectionString: url, application_name: 'lab-grader' });
  client.on('error', () => {});
  await client.connect();
  await client.query("SET deadlock_timeout = '60s'");
  await client.query('BEGIN');
  return {
    lock: async (text, values = []) => void (await client.query(text, values)),
    lockLater: async (text, values = []) => void (await client.query(text, values)),
    release: async () => {
      await client.query('ROLLBACK').catch(() => {});
      await client.end().catch(() => {});
    },
  };
}
