/**
 * The values a correct p-th percentile of `values` may take: anything between the nearest-rank
 * definition and linear interpolation, the two common ones (a learner may use either).
 */
export function percentileRange(values: readonly number[], p: number): [number, number] {
  if (values.length === 0) return [0, 0];
  const sorted = [...values].sort((a, b) => a - b);
  const at = (i: number) => sorted[Math.min(sorted.length - 1, Math.max(0, i))] as number;
  const nearest = at(Math.ceil((p / 100) * sorted.length) - 1);
  const rank = (p / 100) * (sorted.length - 1);
  const interpolated = at(Math.floor(rank)) + (at(Math.ceil(rank)) - at(Math.floor(rank))) * (rank - Math.floor(rank));
  return [Math.min(nearest, interpolated), Math.max(nearest, interpolated)];
}

/** Within 10 % (and 2 ms, for tiny values) of the range a correct percentile may take. */
export const agrees = (value: unknown, [low, high]: [number, number]): boolean =>
  typeof value === 'number' && value >= low * 0.9 - 2 && value <= high * 1.1 + 2;

/** Jain's fairness index (Σx)² / (n·Σx²), the grader's own computation. */
export function jainIndex(counts: readonly number[]): number {
  const sum = counts.reduce((a, b) => a + b, 0);
  const squares = counts.reduce((a, b) => a + b * b, 0);
  return squares === 0 ? 1 : (sum * sum) / (counts.length * squares);
}
