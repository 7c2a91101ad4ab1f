/** What the service reads from its environment, checked once at start-up. */
export interface Config {
  readonly port: number;
  /** name → postgres url, in the order given. */
  readonly shards: ReadonlyMap<string, string>;
  readonly poolMax: number;
  readonly shardTimeoutMs: number;
  readonly gsiMaxLagMs: number;
  /** B2: shard name → its streaming replica's url. */
  readonly replicas: ReadonlyMap<string, string>;
  readonly replicaMaxLagMs: number;
}

/** `s1=postgres://…,s2=…` → Map; a bad pair names itself. */
export function parseShardUrls(text: string): Map<string, string> {
  const shards = new Map<string, string>();
  for (const pair of text.split(',').filter((p) => p.trim() !== '')) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new Error(`SHARD_URLS: "${pair}" is not name=postgres-url`);
    shards.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
  }
  return shards;
}

const positive = (env: NodeJS.ProcessEnv, name: string, fallback: number): number => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return value;
};

/**
 * SHARD_URLS names the shards; without it, DATABASE_URL alone is one shard `s1` — a sharded store of
 * one shard, enough to develop against a single Postgres (more shards can be added at run time).
 */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const shards = parseShardUrls(env.SHARD_URLS || (env.DATABASE_URL ? `s1=${env.DATABASE_URL}` : ''));
  if (shards.size === 0) {
    throw new Error(
      'SHARD_URLS is empty and DATABASE_URL is not set: give name=postgres-url pairs, e.g. s1=postgres://…/a,s2=postgres://…/b',
    );
  }
  return {
    port: positive(env, 'PORT', 3000),
    shards,
    poolMax: positive(env, 'SHARD_POOL_MAX', 5),
    shardTimeoutMs: positive(env, 'SHARD_TIMEOUT_MS', 1000),
    gsiMaxLagMs: positive(env, 'GSI_MAX_LAG_MS', 2000),
    replicas: parseShardUrls(env.REPLICA_URLS ?? ''),
    replicaMaxLagMs: positive(env, 'REPLICA_MAX_LAG_MS', 5000),
  };
}
