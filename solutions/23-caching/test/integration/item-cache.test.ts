import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheMetrics } from '../../src/cache-metrics.ts';
import type { Config } from '../../src/config.ts';
import { invalidations } from '../../src/invalidations.ts';
import { type ItemCache, itemCache } from '../../src/item-cache.ts';
import { LruCache } from '../../src/lru-cache.ts';
import { originClient } from '../../src/origin-client.ts';
import { startOrigin } from './local-origin.ts';
import { testRedis } from './redis-env.ts';

// The read and write paths against the real Redis of REDIS_URL and a real HTTP origin.
describe('item cache on Redis', () => {
  const env = testRedis();
  let origin: Awaited<ReturnType<typeof startOrigin>>;
  let cache: ItemCache;
  let l1: LruCache;

  beforeAll(async () => {
    origin = await startOrigin();
    const config: Config = {
      port: 0,
      redisUrl: env.url,
      keyPrefix: env.prefix,
      originUrl: origin.url,
      l1MaxEntries: 100,
      l1TtlMs: 60_000,
      cacheTtlSeconds: 60,
      staleBoundMs: 1000,
      cacheOn: true,
    };
    l1 = new LruCache(config.l1MaxEntries, config.l1TtlMs);
    const metrics = cacheMetrics(l1, async () => 0);
    const channel = invalidations(env.url, env.prefix, env.redis);
    cache = itemCache({
      config,
      redis: env.redis,
      l1,
      origin: originClient(origin.url),
      metrics,
      invalidations: channel,
    });
  });
  afterAll(async () => {
    await origin.close();
    await env.cleanUp();
  });

  it('loads a miss from the origin, then answers from L1, then from Redis once L1 forgot it', async () => {
    expect((await cache.get('a')).layer).toBe('MISS');
    expect((await cache.get('a')).layer).toBe('L1');
    l1.clear();
    expect(await cache.get('a')).toEqual({ layer: 'L2', text: '{"id":"a","value":"a@v1","version":1}' });
    expect(origin.gets()).toBe(1);
  });

  it('stores the item at <KEY_PREFIX>item:<id> with a jittered TTL', async () => {
    await cache.get('ttl');
    const ttl = await env.redis.pttl(`${env.prefix}item:ttl`);
    expect(ttl).toBeGreaterThan(50_000);
    expect(ttl).toBeLessThanOrEqual(66_000);
  });

  it('calls the origin once for many concurrent misses of one item', async () => {
    const before = origin.gets();
    const answers = await Promise.all(Array.from({ length: 20 }, () => cache.get('hot')));
    expect(new Set(answers.map((a) => a.text)).size).toBe(1);
    expect(origin.gets() - before).toBe(1);
  });

  it('serves the new value after an invalidation', async () => {
    await cache.get('b');
    origin.change('b', 'b@v2');
    await cache.invalidate(['b']);
    expect(JSON.parse((await cache.get('b')).text)).toMatchObject({ value: 'b@v2', version: 2 });
  });

  it('writes through: the origin first, then the cached copy', async () => {
    await cache.put('c', '{"value":"c@v2"}');
    expect(JSON.parse((await env.redis.get(`${env.prefix}item:c`)) ?? '{}')).toMatchObject({ value: 'c@v2' });
    expect((await cache.get('c')).layer).toBe('L1');
  });
});
