import type { SectionRecord } from './section-stats.ts';

/** What `report` prints, computed from every section any worker recorded. */
export function contentionReport(_sections: readonly SectionRecord[]) {
  // TODO(R4): count acquisitions and failures in total and per worker (perWorker: {id: {acquisitions,
  //           failures}}), wait percentiles p50/p95/p99 and hold p50/p95 (nearest rank) over the
  //           completed sections, and Jain's index (Σx)² / (n·Σx²) over the acquisitions per worker.
  return {
    acquisitions: 0,
    failures: 0,
    waitMs: { p50: 0, p95: 0, p99: 0 },
    holdMs: { p50: 0, p95: 0 },
    perWorker: {},
    jainFairness: 1,
  };
}
