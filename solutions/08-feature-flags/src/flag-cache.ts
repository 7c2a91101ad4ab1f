import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { StoredFlag } from './flag.ts';
import type { FlagStore } from './flag-store.ts';
import type { CacheMetrics } from './metrics.ts';

/** A tenant's whole flag set as cached: the flags and the ETag of the set. */
export interface FlagSet {
  readonly etag: string;
  readonly flags: StoredFlag[];
}

export const etagOf = (value: unknown): string =>
  `"${createHash('sha1').update(JSON.stringify(value)).digest('base64url').slice(0, 20)}"`;

/**
 * The tenant's flag set in Redis, shared by every instance, keyed `<prefix>t:<tenant>:flags`. A write
 * deletes the key (the next read on any instance is a miss); the TTL bounds staleness if a read that
 * started before the write stores an old set after the delete.
 */
export class FlagCache {
  constructor(
    private readonly redis: Redis,
    private readonly store: FlagStore,
    private readonly keyPrefix: string,
    private readonly ttlSeconds: number,
    private readonly metrics: CacheMetrics,
  ) {}

  private keyOf(tenant: string): string {
    return `${this.keyPrefix}t:${tenant}:flags`;
  }

  /** One lookup per request: counted as exactly one hit or one miss. */
  async flagSet(tenant: string): Promise<FlagSet> {
    const cached = await this.redis.get(this.keyOf(tenant));
    if (cached) {
      this.metrics.hit();
      return JSON.parse(cached) as FlagSet;
    }
    this.metrics.miss();
    const flags = await this.store.list(tenant);
    const set: FlagSet = { etag: etagOf(flags.map((f) => [f.key, f.version, f.updatedAt])), flags };
    await this.redis.set(this.keyOf(tenant), JSON.stringify(set), 'EX', Math.max(1, this.ttlSeconds));
    return set;
  }

  async invalidate(tenant: string): Promise<void> {
    await this.redis.del(this.keyOf(tenant));
  }
}
