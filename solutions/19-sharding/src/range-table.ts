/** One range of keys [from, to) and the shard that holds it; `to: null` is the end of the key space. */
export interface KeyRange {
  readonly from: string;
  readonly to: string | null;
  readonly shard: string;
}

/**
 * Range sharding: sorted, contiguous ranges covering every key, looked up by binary search.
 * Keys compare as JavaScript strings (code units; byte order for ASCII keys). Immutable: a split
 * or merge returns a new table with the next version.
 */
export class RangeTable {
  readonly kind = 'range';

  constructor(
    readonly ranges: readonly KeyRange[],
    readonly version = 1,
  ) {}

  static whole(shard: string): RangeTable {
    return new RangeTable([{ from: '', to: null, shard }]);
  }

  get shards(): string[] {
    return [...new Set(this.ranges.map((r) => r.shard))];
  }

  ownerOf(key: string): string {
    return (this.ranges[this.indexOf(key)] as KeyRange).shard;
  }

  private indexOf(key: string): number {
    let lo = 0;
    let hi = this.ranges.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((this.ranges[mid] as KeyRange).from <= key) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Splits the range holding `at` into [from, at) (same shard) and [at, to) on `to`. */
  split(at: string, to: string): RangeTable {
    const i = this.indexOf(at);
    const range = this.ranges[i] as KeyRange;
    if (range.from === at) throw new Error(`a range already starts at "${at}": nothing to split`);
    const next = [...this.ranges];
    next.splice(i, 1, { from: range.from, to: at, shard: range.shard }, { from: at, to: range.to, shard: to });
    return new RangeTable(next, this.version + 1);
  }

  /** Merges the adjacent ranges starting at `left` and `right` onto the left one's shard. */
  merge(left: string, right: string): RangeTable {
    const i = this.ranges.findIndex((r) => r.from === left);
    const a = this.ranges[i];
    const b = this.ranges[i + 1];
    if (!a || !b || b.from !== right) {
      throw new Error(`no adjacent ranges start at "${left}" and "${right}": see GET /admin/ranges`);
    }
    const next = [...this.ranges];
    next.splice(i, 2, { from: a.from, to: b.to, shard: a.shard });
    return new RangeTable(next, this.version + 1);
  }
}
