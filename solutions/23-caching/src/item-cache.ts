import type { Redis } from 'ioredis';
import type { CacheMetrics } from './cache-metrics.ts';
import type { Config } from './config.ts';
import type { Invalidations } from './invalidations.ts';
import type { LruCache } from './lru-cache.ts';
import type { OriginClient } from './origin-client.ts';
import { redisCache } from './redis-cache.ts';
import { singleFlight } from './single-flight.ts';

/** Which layer answered: the X-Cache header. */
export type Layer = 'L1' | 'L2' | 'MISS';

export interface Answer {
  readonly text: string;
  readonly layer: Layer;
}

export interface ItemCacheDeps {
  readonly config: Config;
  readonly redis: Redis;
  readonly l1: LruCache;
  readonly origin: OriginClient;
  readonly metrics: CacheMetrics;
  readonly invalidations: Invalidations;
}

/**
 * Reads go L1 → L2 (Redis) → origin through a single flight, filling back up the chain; writes
 * go through to the origin first, then replace the cached copy and tell every instance to drop
 * its L1 copy. With CACHE_MODE=off everything is a pass-through to the origin.
 */
export function itemCache({ config, redis, l1, origin, metrics, invalidations }: ItemCacheDeps) {
  const l2 = redisCache(redis, config.keyPrefix, config.cacheTtlSeconds);
  const load = singleFlight(redis, config.keyPrefix, l2, async (id) => {
    metrics.originLoad();
    return origin.get(id);
  });

  async function get(id: string): Promise<Answer> {
    if (!config.cacheOn) return { text: await origin.get(id), layer: 'MISS' };
    const local = l1.get(id);
    if (local) {
      metrics.hit('l1');
      metrics.entryAge((Date.now() - local.storedAtMs) / 1000);
      return { text: local.text, layer: 'L1' };
    }
    metrics.miss('l1');
    const shared = await l2.get(id);
    if (shared !== null) {
      metrics.hit('l2');
      l1.set(id, shared);
      return { text: shared, layer: 'L2' };
    }
    metrics.miss('l2');
    const loaded = await load(id);
    l1.set(id, loaded.text);
    return { text: loaded.text, layer: loaded.fromOrigin ? 'MISS' : 'L2' };
  }

  /** Write-through: the origin first; only what it accepted reaches the caches. */
  async function put(id: string, bodyText: string): Promise<string> {
    const text = await origin.put(id, bodyText);
    if (!config.cacheOn) return text;
    await l2.set(id, text);
    await invalidations.publish([id]);
    l1.set(id, text);
    return text;
  }

  /** The origin changed behind our back: drop the shared copy, then every instance's L1 copy. */
  async function invalidate(ids: readonly string[]): Promise<void> {
    await l2.delete(ids);
    for (const id of ids) l1.delete(id);
    await invalidations.publish(ids);
  }

  return { get, put, invalidate };
}
export type ItemCache = ReturnType<typeof itemCache>;
