import type pg from 'pg';
import type { Logger } from 'pino';
import { backoffDelay } from './backoff.ts';
import { createPool, createSchema } from './sink.ts';

/**
 * A pool with the tables in place, waiting as long as it takes for a database that is not reachable
 * yet (the consumer may be restarted while the grader has cut it) instead of crashing.
 */
export async function openDatabase(url: string | undefined, log: Logger): Promise<pg.Pool> {
  if (!url) throw new Error('DATABASE_URL is not set: the consumer needs the Postgres sink (postgres://…)');
  const pool = createPool(url, log);
  for (let attempt = 1; ; attempt++) {
    try {
      await createSchema(pool);
      return pool;
    } catch (error) {
      const delay = backoffDelay(attempt, 250, 3000);
      log.warn({ err: (error as Error).message, attempt, delayMs: delay }, 'database not reachable yet, retrying');
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
