import { Counter, Histogram, Registry } from 'prom-client';

/** Prometheus metrics of this instance, labelled by lock name only (never by token or worker). */
export function lockMetrics(ttlMs: number) {
  const registry = new Registry();
  const ttlS = ttlMs / 1000;
  const acquisitions = new Counter({
    name: 'lock_acquisitions_total',
    help: 'Critical sections completed under the lock.',
    labelNames: ['lock'],
    registers: [registry],
  });
  const failures = new Counter({
    name: 'lock_acquire_failures_total',
    help: 'Critical sections that failed: timed out acquiring, lost the lock, or refused as stale.',
    labelNames: ['lock'],
    registers: [registry],
  });
  const wait = new Histogram({
    name: 'lock_wait_seconds',
    help: 'Time from the first attempt to the grant.',
    labelNames: ['lock'],
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, ttlS, 2 * ttlS, 5 * ttlS].sort((a, b) => a - b),
    registers: [registry],
  });
  const hold = new Histogram({
    name: 'lock_hold_seconds',
    help: 'Time from the grant to the release.',
    labelNames: ['lock'],
    buckets: [0.005, 0.01, 0.05, 0.1, ttlS / 3, ttlS, 2 * ttlS, 5 * ttlS].sort((a, b) => a - b),
    registers: [registry],
  });
  return { registry, acquisitions, failures, wait, hold };
}
export type LockMetrics = ReturnType<typeof lockMetrics>;
