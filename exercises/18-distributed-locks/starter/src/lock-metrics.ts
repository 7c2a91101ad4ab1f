import { Counter, Histogram, Registry } from 'prom-client';

/** Prometheus metrics of this instance, labelled by lock name only. */
export function lockMetrics(_ttlMs: number) {
  const registry = new Registry();
  // TODO(B3): register these four with `registers: [registry]` (and buckets around LOCK_TTL_MS for
  //           the histograms) so GET /metrics exposes them.
  const acquisitions = new Counter({
    name: 'lock_acquisitions_total',
    help: 'TODO',
    labelNames: ['lock'],
    registers: [],
  });
  const failures = new Counter({
    name: 'lock_acquire_failures_total',
    help: 'TODO',
    labelNames: ['lock'],
    registers: [],
  });
  const wait = new Histogram({ name: 'lock_wait_seconds', help: 'TODO', labelNames: ['lock'], registers: [] });
  const hold = new Histogram({ name: 'lock_hold_seconds', help: 'TODO', labelNames: ['lock'], registers: [] });
  return { registry, acquisitions, failures, wait, hold };
}
export type LockMetrics = ReturnType<typeof lockMetrics>;
