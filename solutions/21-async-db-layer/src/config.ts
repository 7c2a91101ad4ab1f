/** The service's settings, all from the environment (the contract in the README lists them). */
export interface Config {
  readonly port: number;
  readonly databaseUrl: string;
  readonly replicaUrl: string;
  readonly poolMax: number;
  readonly acquireTimeoutMs: number;
  readonly statementTimeoutMs: number;
  readonly txMaxRetries: number;
  readonly breakerFailureThreshold: number;
  readonly breakerCooldownMs: number;
  readonly maxReplicaLagMs: number;
  readonly statementCache: boolean;
  readonly slowQueryMs: number;
}

const number = (env: NodeJS.ProcessEnv, name: string, fallback: number): number => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number, got "${raw}"`);
  return value;
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL is not set: point it at the primary Postgres');
  return {
    port: number(env, 'PORT', 3000),
    databaseUrl,
    // Without a replica, reads go to the primary: the service still works, it just does not split.
    replicaUrl: env.DATABASE_REPLICA_URL || databaseUrl,
    poolMax: number(env, 'POOL_MAX', 10),
    acquireTimeoutMs: number(env, 'POOL_ACQUIRE_TIMEOUT_MS', 2_000),
    statementTimeoutMs: number(env, 'STATEMENT_TIMEOUT_MS', 5_000),
    txMaxRetries: number(env, 'TX_MAX_RETRIES', 5),
    breakerFailureThreshold: number(env, 'BREAKER_FAILURE_THRESHOLD', 5),
    breakerCooldownMs: number(env, 'BREAKER_COOLDOWN_MS', 5_000),
    maxReplicaLagMs: number(env, 'MAX_REPLICA_LAG_MS', 1_000),
    statementCache: (env.STATEMENT_CACHE ?? 'on') !== 'off',
    slowQueryMs: number(env, 'SLOW_QUERY_MS', 200),
  };
}
