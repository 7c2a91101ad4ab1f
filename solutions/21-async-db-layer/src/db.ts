import type { FastifyBaseLogger } from 'fastify';
import type pg from 'pg';
import type { CircuitBreaker } from './breaker.ts';
import type { Config } from './config.ts';
import { isDatabaseDown, isRetriable, toProblem } from './db-errors.ts';
import { breakerState, queryDuration, txRetries } from './metrics.ts';
import type { Pools, Target } from './pools.ts';
import { Problem } from './problem.ts';
import { currentTenant } from './tenant-context.ts';

/**
 * One SQL statement of the service. `name` is its operation (metrics, logs) and, with STATEMENT_CACHE=on,
 * its prepared-statement name. A `scoped` statement takes the current tenant as $1, added here.
 */
export interface Statement {
  readonly name: string;
  readonly text: string;
  readonly scoped?: boolean;
}

export type Run = <R extends pg.QueryResultRow>(statement: Statement, values?: unknown[]) => Promise<R[]>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The only way the service talks to Postgres: pools, breaker, timing, slow-query log, tenant scope. */
export class Database {
  constructor(
    readonly pools: Pools,
    private readonly config: Config,
    readonly breaker: CircuitBreaker,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** One statement on a pooled connection of `target`. */
  query<R extends pg.QueryResultRow>(target: Target, statement: Statement, values: unknown[] = []): Promise<R[]> {
    const args = this.scope(statement, values);
    return this.guard(target, async () => {
      const client = await this.pools[target].connect();
      let failure: unknown;
      try {
        return await this.timed<R>(client, target, statement, args);
      } catch (error) {
        failure = error;
        throw error;
      } finally {
        // A client whose query broke or timed out client-side is destroyed, not reused.
        client.release(failure !== undefined && isDatabaseDown(failure) ? (failure as Error) : undefined);
      }
    });
  }

  /**
   * `fn` in one transaction on the primary, retried as a whole (with jitter) when Postgres aborts it
   * for a deadlock or a serialization failure. Returns `fn`'s result and the WAL position after commit.
   */
  async transaction<T>(fn: (run: Run) => Promise<T>): Promise<{ result: T; lsn: string }> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.guard('primary', () => this.attempt(fn));
      } catch (error) {
        if (!isRetriable(error) || attempt >= this.config.txMaxRetries) throw error;
        txRetries.inc({ sqlstate: (error as { code: string }).code });
        await sleep(5 + Math.random() * 20 * (attempt + 1));
      }
    }
  }

  private async attempt<T>(fn: (run: Run) => Promise<T>): Promise<{ result: T; lsn: string }> {
    const client = await this.pools.primary.connect();
    const run: Run = (statement, values = []) =>
      this.timed(client, 'primary', statement, this.scope(statement, values));
    let failure: unknown;
    try {
      await run(BEGIN);
      const result = await fn(run);
      await run(COMMIT);
      const [row] = await run<{ lsn: string }>(CURRENT_LSN);
      return { result, lsn: row?.lsn ?? '0/0' };
    } catch (error) {
      failure = error;
      // A server-side error leaves a usable connection in an aborted transaction; a broken one cannot roll back.
      if (!isDatabaseDown(error)) await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release(failure !== undefined && isDatabaseDown(failure) ? (failure as Error) : undefined);
    }
  }

  /** The breaker in front of the primary: fail fast while open, count failures that mean "database down". */
  private async guard<T>(target: Target, fn: () => Promise<T>): Promise<T> {
    if (target === 'replica') return fn().catch((error) => Promise.reject(toProblem(error)));
    if (!this.breaker.tryAcquire()) {
      throw new Problem(
        503,
        'CIRCUIT_OPEN',
        'the primary database is failing; not trying until the breaker cools down',
      );
    }
    try {
      const result = await fn();
      this.breaker.onSuccess();
      return result;
    } catch (error) {
      if (isDatabaseDown(error)) this.breaker.onFailure();
      else this.breaker.onNeutral();
      throw isRetriable(error) ? error : toProblem(error);
    } finally {
      breakerState.set(this.breaker.status().state === 'closed' ? 0 : 1);
    }
  }

  private scope(statement: Statement, values: unknown[]): unknown[] {
    return statement.scoped ? [currentTenant(), ...values] : values;
  }

  private async timed<R extends pg.QueryResultRow>(
    client: pg.PoolClient,
    target: Target,
    statement: Statement,
    values: unknown[],
  ): Promise<R[]> {
    const started = performance.now();
    try {
      const config = this.config.statementCache
        ? { name: statement.name, text: statement.text, values }
        : { text: statement.text, values };
      return (await client.query<R>(config)).rows;
    } finally {
      const seconds = (performance.now() - started) / 1000;
      queryDuration.observe({ operation: statement.name, pool: target }, seconds);
      if (seconds * 1000 > this.config.slowQueryMs) {
        // The SQL text has placeholders only: parameter values never reach the log.
        this.log.warn(
          { sql: statement.text, durationMs: Math.round(seconds * 1000), pool: target, operation: statement.name },
          'slow query',
        );
      }
    }
  }
}

const BEGIN: Statement = { name: 'begin', text: 'BEGIN' };
const COMMIT: Statement = { name: 'commit', text: 'COMMIT' };
const CURRENT_LSN: Statement = { name: 'current-lsn', text: 'SELECT pg_current_wal_insert_lsn()::text AS lsn' };
