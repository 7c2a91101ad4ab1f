import pg from 'pg';
import client from 'prom-client';
import type { Config } from './config.ts';
import { registry } from './metrics.ts';

export type Target = 'primary' | 'replica';
export type Pools = Readonly<Record<Target, pg.Pool>>;

export const APPLICATION_NAME = 'async-db-layer';

/**
 * One bounded pool per server. `connectionTimeoutMillis` is the acquire timeout; `query_timeout` is
 * enforced by the client, so a query to a server that stopped answering (paused, cut off) fails too —
 * `statement_timeout` alone needs a server that answers.
 */
export function createPools(config: Config): Pools {
  const pool = (connectionString: string) => {
    const created = new pg.Pool({
      connectionString,
      max: config.poolMax,
      connectionTimeoutMillis: config.acquireTimeoutMs,
      idleTimeoutMillis: 30_000,
      application_name: APPLICATION_NAME,
      statement_timeout: config.statementTimeoutMs,
      query_timeout: config.statementTimeoutMs + 500,
    });
    // An idle client whose server went away: the pool drops it; nothing to crash for.
    created.on('error', () => {});
    return created;
  };
  const pools = { primary: pool(config.databaseUrl), replica: pool(config.replicaUrl) };
  registerPoolMetrics(pools, config.poolMax);
  return pools;
}

export const poolStatus = (pool: pg.Pool, max: number) => ({
  total: pool.totalCount,
  idle: pool.idleCount,
  waiting: pool.waitingCount,
  max,
});

function registerPoolMetrics(pools: Pools, max: number): void {
  const gauge = (name: string, help: string, read: (pool: pg.Pool) => number) =>
    new client.Gauge({
      name,
      help,
      labelNames: ['pool'],
      registers: [registry],
      collect() {
        for (const [target, pool] of Object.entries(pools)) this.set({ pool: target }, read(pool));
      },
    });
  gauge('pg_pool_total_connections', 'Connections open in the pool', (p) => p.totalCount);
  gauge('pg_pool_idle_connections', 'Connections idle in the pool', (p) => p.idleCount);
  gauge('pg_pool_waiting_requests', 'Requests waiting for a connection', (p) => p.waitingCount);
  gauge('pg_pool_max_connections', 'Most connections the pool may open', () => max);
}
