/** The worker's settings, all from the environment the contract defines. */
export interface Config {
  readonly port: number;
  readonly workerId: string;
  readonly redisUrl: string;
  /** B2: several URLs mean Redlock over them; empty means a single-node lock on redisUrl. */
  readonly redlockUrls: readonly string[];
  readonly keyPrefix: string;
  readonly resourceUrl: string;
  readonly lockTtlMs: number;
  readonly originUrl: string;
  readonly cacheTtlMs: number;
}

const required = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: the contract passes it to every instance`);
  return value;
};

export function readConfig(): Config {
  const urls = (process.env.REDIS_URLS ?? '')
    .split(',')
    .map((url) => url.trim())
    .filter(Boolean);
  return {
    port: Number(process.env.PORT ?? 3000),
    workerId: process.env.WORKER_ID ?? `worker-${process.pid}`,
    redisUrl: required('REDIS_URL'),
    redlockUrls: urls.length > 1 ? urls : [],
    keyPrefix: process.env.KEY_PREFIX ?? '',
    resourceUrl: process.env.RESOURCE_URL ?? '',
    lockTtlMs: Number(process.env.LOCK_TTL_MS ?? 10_000),
    originUrl: process.env.ORIGIN_URL ?? '',
    cacheTtlMs: Number(process.env.CACHE_TTL_MS ?? 5_000),
  };
}

/** Every key lives under KEY_PREFIX; the lock named `name` is `<prefix>lock:<name>` (the contract). */
export const keys = (prefix: string) => ({
  lock: (name: string) => `${prefix}lock:${name}`,
  token: (name: string) => `${prefix}token:${name}`,
  sections: `${prefix}stats:sections`,
  cache: (key: string) => `${prefix}cache:${key}`,
  lease: (key: string) => `${prefix}lease:${key}`,
});
