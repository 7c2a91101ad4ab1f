/** What one L1 lookup found. */
export interface L1Entry {
  readonly text: string;
  readonly storedAtMs: number;
}

/**
 * An in-process LRU with a TTL per entry. A Map keeps insertion order, so delete-then-set moves a
 * key to the back (most recent) in O(1) and the first key is always the least recently used.
 * Counters live here, at the one place a lookup happens, so metrics cannot disagree with behaviour.
 */
export class LruCache {
  private readonly entries = new Map<string, L1Entry>();
  hits = 0;
  misses = 0;
  evictions = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly ttlMs: number,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** Bytes of the cached texts (UTF-16 length × 2 is what V8 holds at most). */
  get approximateBytes(): number {
    let total = 0;
    for (const entry of this.entries.values()) total += entry.text.length * 2;
    return total;
  }

  get(key: string): L1Entry | undefined {
    const entry = this.entries.get(key);
    if (!entry || Date.now() - entry.storedAtMs >= this.ttlMs) {
      if (entry) this.entries.delete(key);
      this.misses += 1;
      return undefined;
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    this.hits += 1;
    return entry;
  }

  set(key: string, text: string): void {
    this.entries.delete(key);
    this.entries.set(key, { text, storedAtMs: Date.now() });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
      this.evictions += 1;
    }
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}
