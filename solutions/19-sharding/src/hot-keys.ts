/**
 * Heavy hitters in fixed memory: a space-saving counter (at most CAPACITY keys tracked; a new key
 * evicts the smallest and inherits its count) over a sliding window of two buckets.
 */
const CAPACITY = 512;
/** A key is hot when it has this share of the window's requests, and at least MIN_COUNT of them. */
const HOT_SHARE = 0.05;
const MIN_COUNT = 50;

class SpaceSaving {
  readonly counts = new Map<string, number>();
  total = 0;

  add(key: string): void {
    this.total++;
    const seen = this.counts.get(key);
    if (seen !== undefined) {
      this.counts.set(key, seen + 1);
      return;
    }
    if (this.counts.size < CAPACITY) {
      this.counts.set(key, 1);
      return;
    }
    let minKey = '';
    let min = Number.POSITIVE_INFINITY;
    for (const [k, c] of this.counts) {
      if (c < min) {
        min = c;
        minKey = k;
      }
    }
    this.counts.delete(minKey);
    this.counts.set(key, min + 1);
  }
}

export interface HotKey {
  readonly key: string;
  readonly count: number;
}

export class HotKeyDetector {
  private current = new SpaceSaving();
  private previous = new SpaceSaving();
  private hot = new Set<string>();

  constructor(private readonly windowMs = 120_000) {
    setInterval(() => this.rotate(), this.windowMs).unref();
  }

  /** Counts one request for `key`. */
  seen(key: string): void {
    this.current.add(key);
    const count = (this.current.counts.get(key) ?? 0) + (this.previous.counts.get(key) ?? 0);
    if (count >= MIN_COUNT && count >= HOT_SHARE * (this.current.total + this.previous.total)) this.hot.add(key);
  }

  isHot(key: string): boolean {
    return this.hot.has(key);
  }

  /** Hot keys of the last one to two windows, most requested first. */
  list(): HotKey[] {
    const total = this.current.total + this.previous.total;
    const counts = new Map(this.previous.counts);
    for (const [k, c] of this.current.counts) counts.set(k, (counts.get(k) ?? 0) + c);
    const hot = [...counts]
      .filter(([, c]) => c >= MIN_COUNT && c >= HOT_SHARE * total)
      .map(([key, count]) => ({ key, count }))
      .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1));
    this.hot = new Set(hot.map((h) => h.key));
    return hot;
  }

  private rotate(): void {
    this.previous = this.current;
    this.current = new SpaceSaving();
    this.list();
  }
}

/**
 * Reads of hot keys are served from memory. A write through this service bumps the key's
 * generation, so a read that started before the write can never put the old value back.
 */
export class HotKeyCache<V> {
  private readonly values = new Map<string, V>();
  private readonly generations = new Map<string, number>();
  /** Bumped when the generation map is cleared, so no generation read before still matches. */
  private epoch = 0;

  get(key: string): V | undefined {
    return this.values.get(key);
  }

  generation(key: string): number {
    return this.epoch * 1_000_000_000 + (this.generations.get(key) ?? 0);
  }

  /** Stores `value` only if no write happened since `generation` was read. */
  set(key: string, value: V, generation: number): void {
    if (this.generation(key) === generation) this.values.set(key, value);
  }

  invalidate(key: string): void {
    this.values.delete(key);
    if (this.generations.size >= 100_000) {
      this.generations.clear();
      this.epoch++;
    }
    this.generations.set(key, (this.generations.get(key) ?? 0) + 1);
  }
}
