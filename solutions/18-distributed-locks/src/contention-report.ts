import type { SectionRecord } from './section-stats.ts';

/** Nearest rank: the smallest value with at least p % of the values at or below it (0 when empty). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

/** Jain's fairness index (Σx)² / (n·Σx²): 1 when every worker got the same share, 1/n when one got all. */
export function jainIndex(counts: readonly number[]): number {
  const sum = counts.reduce((a, b) => a + b, 0);
  const squares = counts.reduce((a, b) => a + b * b, 0);
  return squares === 0 ? 1 : (sum * sum) / (counts.length * squares);
}

/** What `report` prints, computed from every section any worker recorded. */
export function contentionReport(sections: readonly SectionRecord[]) {
  const done = sections.filter((s) => s.ok);
  const perWorker: Record<string, { acquisitions: number; failures: number }> = {};
  for (const s of sections) {
    const entry = perWorker[s.worker] ?? { acquisitions: 0, failures: 0 };
    perWorker[s.worker] = entry;
    if (s.ok) entry.acquisitions++;
    else entry.failures++;
  }
  const waits = done.map((s) => s.waitMs ?? 0);
  const holds = done.map((s) => s.holdMs ?? 0);
  return {
    acquisitions: done.length,
    failures: sections.length - done.length,
    waitMs: { p50: percentile(waits, 50), p95: percentile(waits, 95), p99: percentile(waits, 99) },
    holdMs: { p50: percentile(holds, 50), p95: percentile(holds, 95) },
    perWorker,
    jainFairness: jainIndex(Object.values(perWorker).map((w) => w.acquisitions)),
  };
}
