import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { keys } from './config.ts';
import { RELEASE_SCRIPT } from './lock-store.ts';

/** A lease outlives a slow origin call but not a dead winner. */
const LEASE_MS = 5_000;
const WAIT_FOR_VALUE_MS = 10_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Cache-aside with a lease against stampedes: on a miss exactly one caller (the lease holder) asks
 * the origin and fills the cache; every other caller waits for the value to appear.
 */
export function leaseCache(redis: Redis, prefix: string, originUrl: string, cacheTtlMs: number) {
  const k = keys(prefix);
  const fetchOrigin = async (key: string): Promise<string> => {
    const res = await fetch(`${originUrl}/${encodeURIComponent(key)}`);
    if (!res.ok) throw new Error(`origin answered ${res.status} for ${key}`);
    return ((await res.json()) as { value: string }).value;
  };
  return async function get(key: string): Promise<{ key: string; value: string; cached: boolean }> {
    const deadline = Date.now() + WAIT_FOR_VALUE_MS;
    for (;;) {
      const hit = await redis.get(k.cache(key));
      if (hit !== null) return { key, value: hit, cached: true };
      const lease = randomUUID();
      if ((await redis.set(k.lease(key), lease, 'PX', LEASE_MS, 'NX')) === 'OK') {
        try {
          // The previous holder may have filled the cache and released between our GET and our SET NX.
          const filled = await redis.get(k.cache(key));
          if (filled !== null) return { key, value: filled, cached: true };
          const value = await fetchOrigin(key);
          await redis.set(k.cache(key), value, 'PX', cacheTtlMs);
          return { key, value, cached: false };
        } finally {
          await redis.eval(RELEASE_SCRIPT, 1, k.lease(key), lease);
        }
      }
      if (Date.now() > deadline) throw new Error(`no value for ${key} after ${WAIT_FOR_VALUE_MS} ms`);
      await sleep(15 + Math.random() * 15);
    }
  };
}
