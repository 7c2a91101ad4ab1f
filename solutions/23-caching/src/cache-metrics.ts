import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { LruCache } from './lru-cache.ts';

/**
 * Prometheus metrics. The L1 counters are read from the LRU itself at scrape time, so they always
 * equal its own bookkeeping; the per-layer counters are incremented where each layer answers.
 */
export function cacheMetrics(l1: LruCache, redisKeyBytes: () => Promise<number>) {
  const registry = new Registry();
  const collected = (name: string, help: string, read: () => number) =>
    new Counter({
      name,
      help,
      registers: [registry],
      collect() {
        this.reset();
        this.inc(read());
      },
    });
  collected('cache_l1_hits_total', 'Lookups answered by the in-process cache.', () => l1.hits);
  collected(
    'cache_l1_misses_total',
    'Lookups the in-process cache could not answer (absent or expired).',
    () => l1.misses,
  );
  collected(
    'cache_l1_evictions_total',
    'Entries the in-process cache dropped to stay within L1_MAX_ENTRIES.',
    () => l1.evictions,
  );
  const hits = new Counter({
    name: 'cache_hits_total',
    help: 'Requests answered by a cache layer.',
    labelNames: ['layer'],
    registers: [registry],
  });
  const misses = new Counter({
    name: 'cache_misses_total',
    help: 'Lookups a cache layer could not answer.',
    labelNames: ['layer'],
    registers: [registry],
  });
  const originLoads = new Counter({
    name: 'cache_origin_loads_total',
    help: 'Calls this instance made to the origin.',
    registers: [registry],
  });
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered by this instance, by method, route and status.',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  const invalidated = new Counter({
    name: 'cache_invalidations_total',
    help: 'Item ids dropped from the caches by POST /invalidate.',
    registers: [registry],
  });
  const age = new Histogram({
    name: 'cache_entry_age_seconds',
    help: 'Age of an L1 entry when it answered a request.',
    buckets: [0.01, 0.1, 0.5, 1, 5, 15, 60, 300],
    registers: [registry],
  });
  new Gauge({
    name: 'cache_memory_bytes',
    help: 'Memory held by cached entries, by layer (l1: this process; l2: this service’s keys in Redis).',
    labelNames: ['layer'],
    registers: [registry],
    async collect() {
      this.set({ layer: 'l1' }, l1.approximateBytes);
      this.set({ layer: 'l2' }, await redisKeyBytes());
    },
  });
  return {
    registry,
    hit: (layer: 'l1' | 'l2') => hits.inc({ layer }),
    miss: (layer: 'l1' | 'l2') => misses.inc({ layer }),
    originLoad: () => originLoads.inc(),
    entryAge: (seconds: number) => age.observe(seconds),
    request: (method: string, route: string, status: number) => requests.inc({ method, route, status }),
    invalidated: (count: number) => invalidated.inc(count),
  };
}
export type CacheMetrics = ReturnType<typeof cacheMetrics>;
