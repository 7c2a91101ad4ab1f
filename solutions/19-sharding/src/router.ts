import { HotKeyCache, type HotKeyDetector } from './hot-keys.ts';
import { KeyLocks } from './key-locks.ts';
import type { KvRow, KvStore } from './kv-store.ts';
import type { ShardMetrics } from './metrics.ts';
import type { Placement, PlacementState } from './placement.ts';
import type { ReplicaLag } from './replica-lag.ts';
import { nextVersion } from './versions.ts';

/** B2: each shard's replica (same names as the shards) and how far behind it is. */
export interface Replicas {
  readonly store: KvStore;
  readonly lag: ReplicaLag;
}

/** A row with the shard it was read from. */
export interface Found extends KvRow {
  readonly shard: string;
}

/**
 * Routes each key to its shard. While keys move (state.previous set), writes go to the new owner,
 * reads try the new owner then the old one, and deletes hit both under the key's lock.
 */
export class Router {
  private state: PlacementState;
  /** Writes in flight per placement state: the mover waits until those of the old state are done. */
  private readonly writers = new WeakMap<PlacementState, { n: number }>();
  readonly locks = new KeyLocks();
  private readonly cache = new HotKeyCache<Found>();
  /** When each key was last written through this service, until every replica has replayed it. */
  private readonly recentWrites = new Map<string, number>();

  constructor(
    initial: Placement,
    private readonly store: KvStore,
    private readonly hotKeys: HotKeyDetector,
    private readonly metrics: ShardMetrics,
    private readonly replicas?: Replicas,
  ) {
    this.state = { current: initial, previous: undefined };
    if (replicas) {
      setInterval(() => {
        const since = replicas.lag.everywhereSince();
        for (const [key, at] of this.recentWrites) if (at < since) this.recentWrites.delete(key);
      }, 1000).unref();
    }
  }

  /**
   * Reads from the shard's replica unless this service wrote the key after the last moment the
   * replica is known to have replayed: those reads go to the primary, so no read is stale.
   */
  private async readOne(shard: string, key: string) {
    const replicas = this.replicas;
    if (replicas?.lag.has(shard)) {
      const writtenAt = this.recentWrites.get(key);
      if (writtenAt === undefined || replicas.lag.visible(shard, writtenAt)) {
        try {
          return await replicas.store.get(shard, key);
        } catch {
          // A replica that fails is skipped: the primary has the same data, only fresher.
        }
      }
    }
    return this.store.get(shard, key);
  }

  placement(): PlacementState {
    return this.state;
  }

  /** Switches placement atomically (one assignment) and returns the state it replaced. */
  switchTo(next: PlacementState): PlacementState {
    const before = this.state;
    this.state = next;
    return before;
  }

  /** Resolves once no write that started under `state` is still running. */
  async drained(state: PlacementState): Promise<void> {
    while ((this.writers.get(state)?.n ?? 0) > 0) await new Promise((r) => setTimeout(r, 5));
  }

  ownerOf(key: string): string {
    return this.state.current.ownerOf(key);
  }

  async get(key: string): Promise<Found | undefined> {
    this.hotKeys.seen(key);
    const hot = this.hotKeys.isHot(key);
    if (hot) {
      const cached = this.cache.get(key);
      if (cached) {
        this.metrics.hotKeyCacheHits.inc();
        return cached;
      }
    }
    const generation = this.cache.generation(key);
    const found = await this.read(key);
    if (hot && found) this.cache.set(key, found, generation);
    return found;
  }

  private async read(key: string): Promise<Found | undefined> {
    const { current, previous } = this.state;
    const shard = current.ownerOf(key);
    const row = await this.readOne(shard, key);
    if (row) return { ...row, shard };
    const old = previous?.ownerOf(key);
    if (old === undefined || old === shard) return undefined;
    const oldRow = await this.store.get(old, key);
    if (oldRow) return { ...oldRow, shard: old };
    // The mover may have copied it and deleted the old row between our two reads.
    const again = await this.store.get(shard, key);
    return again ? { ...again, shard } : undefined;
  }

  async put(key: string, value: unknown, email: string | null): Promise<{ shard: string; version: bigint }> {
    this.hotKeys.seen(key);
    return this.writing(async (state) => {
      const shard = state.current.ownerOf(key);
      const version = nextVersion();
      this.cache.invalidate(key);
      await this.store.put(shard, key, value, email, version);
      this.cache.invalidate(key);
      if (this.replicas) this.recentWrites.set(key, Date.now());
      return { shard, version };
    });
  }

  async delete(key: string): Promise<boolean> {
    this.hotKeys.seen(key);
    return this.writing(async (state) => {
      this.cache.invalidate(key);
      const shards = new Set([state.current.ownerOf(key)]);
      const old = state.previous?.ownerOf(key);
      if (old) shards.add(old);
      const version = nextVersion();
      const deleted = await this.locks.run([key], () =>
        Promise.all([...shards].map((s) => this.store.delete(s, key, version))),
      );
      this.cache.invalidate(key);
      if (this.replicas) this.recentWrites.set(key, Date.now());
      return deleted.some(Boolean);
    });
  }

  private async writing<T>(fn: (state: PlacementState) => Promise<T>): Promise<T> {
    const state = this.state;
    let count = this.writers.get(state);
    if (!count) {
      count = { n: 0 };
      this.writers.set(state, count);
    }
    count.n++;
    try {
      return await fn(state);
    } finally {
      count.n--;
    }
  }
}
