/** One row of GET /admin/ranges: keys in [from, to) live on shard; `to: null` is the end. */
export interface KeyRange {
  readonly from: string;
  readonly to: string | null;
  readonly shard: string;
}

/** The shard a range table names for `key` (keys compare as JavaScript strings). */
export function ownerByRanges(ranges: readonly KeyRange[], key: string): string {
  const range = ranges.find((r) => r.from <= key && (r.to === null || key < r.to));
  return range?.shard ?? '(no range covers this key)';
}
