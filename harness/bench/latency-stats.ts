import type { HistogramBucket } from './bench-result.ts';

/**
 * Percentiles and histogram from every measured request's latency (autocannon's 'response' events):
 * autocannon's own summary has no p95, and its histogram is not exposed per bucket.
 */

/** Nearest-rank percentile of sorted values; 0 when there are none. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] ?? 0;
}

/** Steps of each decade: 1, 1.5, 2, 3, 5, 7 ×10^k ms — readable bounds, about 6 buckets per decade. */
const STEPS = [1, 1.5, 2, 3, 5, 7];

/** The bucket bound at or below `ms`. */
function floorBound(ms: number): number {
  const decade = 10 ** Math.floor(Math.log10(ms));
  const step = [...STEPS].reverse().find((s) => s * decade <= ms * (1 + 1e-9)) ?? 1;
  return step * decade;
}

function nextBound(bound: number): number {
  const decade = 10 ** Math.floor(Math.log10(bound) + 1e-9);
  const index = STEPS.findIndex((s) => Math.abs(s * decade - bound) < decade * 1e-6);
  return index === STEPS.length - 1 ? 10 * decade : (STEPS[index + 1] ?? 10) * decade;
}

/**
 * Counts sorted latencies into buckets on the 1-1.5-2-3-5-7 scale, from the bound below the fastest
 * request to the slowest (latencies under 0.1 ms count as 0.1 ms). Empty buckets in between are kept.
 */
export function latencyHistogram(sorted: readonly number[]): HistogramBucket[] {
  if (sorted.length === 0) return [];
  const lowest = floorBound(Math.max(0.1, sorted[0] ?? 0.1));
  const max = sorted[sorted.length - 1] ?? lowest;
  const buckets: HistogramBucket[] = [];
  for (let from = lowest; from <= max; from = round(nextBound(from))) {
    buckets.push({ fromMs: round(from), toMs: round(nextBound(from)), count: 0 });
  }
  if (buckets.length === 0) buckets.push({ fromMs: lowest, toMs: round(nextBound(lowest)), count: 0 });
  let index = 0;
  for (const value of sorted) {
    while (index < buckets.length - 1 && value >= (buckets[index]?.toMs ?? Number.POSITIVE_INFINITY)) index += 1;
    const bucket = buckets[index];
    if (bucket) bucket.count += 1;
  }
  return buckets;
}

/** Latencies and figures are kept to 0.01 ms: finer is noise. */
export const round = (value: number): number => Math.round(value * 100) / 100;
