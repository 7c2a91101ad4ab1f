/** The service's settings, all from the environment the contract defines. */
export interface Config {
  readonly port: number;
  readonly redisUrl: string;
  readonly keyPrefix: string;
  /** Empty when ORIGIN_URL is unset: the service still starts (invalidations, stats), item reads answer 503. */
  readonly originUrl: string;
  readonly l1MaxEntries: number;
  readonly l1TtlMs: number;
  readonly cacheTtlSeconds: number;
  readonly staleBoundMs: number;
  /** false when CACHE_MODE=off: every request goes to the origin (the benchmark's baseline). */
  readonly cacheOn: boolean;
}

const required = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: the contract passes it to every instance`);
  return value;
};

const numberFrom = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name}=${raw} is not a positive number`);
  return value;
};

export function readConfig(): Config {
  return {
    port: numberFrom('PORT', 3000),
    redisUrl: required('REDIS_URL'),
    keyPrefix: process.env.KEY_PREFIX ?? '',
    originUrl: process.env.ORIGIN_URL ?? '',
    l1MaxEntries: numberFrom('L1_MAX_ENTRIES', 1000),
    l1TtlMs: numberFrom('L1_TTL_MS', 30_000),
    cacheTtlSeconds: numberFrom('CACHE_TTL_SECONDS', 300),
    staleBoundMs: numberFrom('STALE_BOUND_MS', 1000),
    cacheOn: (process.env.CACHE_MODE ?? 'on') !== 'off',
  };
}

/** Every key and channel lives under KEY_PREFIX; item :id is cached at `<prefix>item:<id>` (the contract). */
export const keys = (prefix: string) => ({
  item: (id: string) => `${prefix}item:${id}`,
  lock: (id: string) => `${prefix}lock:${id}`,
  invalidations: `${prefix}invalidate`,
});
