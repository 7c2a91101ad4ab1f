import pg from 'pg';
import type { Logger } from 'pino';
import type { ShardMetrics } from './metrics.ts';
import { SHARD_SCHEMA } from './schema.ts';
import { ShardUnavailableError } from './shard-error.ts';

export type Op = 'get' | 'put' | 'delete' | 'move' | 'gsi' | 'admin';

/**
 * One pg.Pool per shard, each capped at SHARD_POOL_MAX, and every call bounded by SHARD_TIMEOUT_MS:
 * a dead or frozen shard costs its own requests that long, and nothing else.
 */
export class ShardPools {
  private readonly pools = new Map<string, pg.Pool>();

  constructor(
    private readonly poolMax: number,
    private readonly timeoutMs: number,
    private readonly metrics: ShardMetrics,
    private readonly log: Logger,
  ) {}

  names(): string[] {
    return [...this.pools.keys()];
  }

  has(name: string): boolean {
    return this.pools.has(name);
  }

  /** Opens the pool and creates the tables; a shard that cannot be reached is not added. */
  async add(name: string, url: string): Promise<void> {
    this.open(name, url);
    try {
      await this.createSchema(name, url);
    } catch (error) {
      await this.pools
        .get(name)
        ?.end()
        .catch(() => {});
      this.pools.delete(name);
      throw error;
    }
  }

  /** A replica: a pool only (it is read-only; its tables come from its primary). */
  async addReadOnly(name: string, url: string): Promise<void> {
    this.open(name, url);
  }

  private open(name: string, url: string): void {
    const pool = new pg.Pool({
      connectionString: url,
      max: this.poolMax,
      connectionTimeoutMillis: this.timeoutMs,
      query_timeout: this.timeoutMs,
      idleTimeoutMillis: 30_000,
    });
    // An idle client whose server went away emits here; the pool drops it and opens a new one later.
    pool.on('error', (error) => this.log.warn({ shard: name, err: error.message }, 'idle shard connection lost'));
    // A client in use whose server dies emits 'error' too; unheard, it would crash the process.
    pool.on('connect', (client) => {
      client.on('error', (error) => this.log.warn({ shard: name, err: error.message }, 'shard connection lost'));
    });
    this.pools.set(name, pool);
  }

  /** At start-up a slow shard is no reason to fail: its own client, a longer timeout, a few tries. */
  private async createSchema(name: string, url: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
      client.on('error', () => {});
      try {
        await client.connect();
        await client.query(SHARD_SCHEMA);
        return;
      } catch (error) {
        if (attempt >= 3) throw new ShardUnavailableError(name, (error as Error).message);
        this.log.warn({ shard: name, attempt, err: (error as Error).message }, 'creating tables failed, retrying');
        await new Promise((resolve) => setTimeout(resolve, 1000));
      } finally {
        await client.end().catch(() => {});
      }
    }
  }

  /** One statement on one shard, failing with ShardUnavailableError after SHARD_TIMEOUT_MS. */
  async query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    shard: string,
    op: Op,
    sql: string,
    params: unknown[] = [],
  ): Promise<pg.QueryResult<R>> {
    const pool = this.pools.get(shard);
    if (!pool) throw new ShardUnavailableError(shard, 'no such shard');
    const stopTimer = this.metrics.started(shard, op);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new ShardUnavailableError(shard, `no answer within ${this.timeoutMs} ms`)),
        this.timeoutMs,
      );
    });
    try {
      return await Promise.race([this.run<R>(pool, shard, sql, params), deadline]);
    } catch (error) {
      this.metrics.failed(shard, op);
      if (error instanceof ShardUnavailableError) throw error;
      const pgError = error as { code?: string; message?: string };
      // SQL errors (a code of 5 characters) are ours to report; anything else is the shard being away.
      if (pgError.code && pgError.code.length === 5 && !pgError.code.startsWith('57') && !pgError.code.startsWith('08'))
        throw error;
      throw new ShardUnavailableError(shard, pgError.message ?? String(error));
    } finally {
      clearTimeout(timer);
      stopTimer();
    }
  }

  private async run<R extends pg.QueryResultRow>(
    pool: pg.Pool,
    shard: string,
    sql: string,
    params: unknown[],
  ): Promise<pg.QueryResult<R>> {
    const client = await pool.connect();
    try {
      const result = await client.query<R>(sql, params);
      client.release();
      return result;
    } catch (error) {
      // Never hand a client that timed out or lost its server back to the pool.
      client.release(error instanceof Error ? error : true);
      this.log.debug({ shard, err: (error as Error).message }, 'shard query failed');
      throw error;
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((p) => p.end().catch(() => {})));
  }
}
