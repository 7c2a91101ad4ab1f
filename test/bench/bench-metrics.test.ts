import { describe, expect, test } from 'vitest';
import { checkThresholds, measure } from '../../harness/bench/bench-metrics.ts';
import { latencyHistogram, percentile } from '../../harness/bench/latency-stats.ts';
import type { LoadRun } from '../../harness/bench/run-load.ts';

const load = (latencies: number[], statusCodes: Record<string, number>, errors = 0): LoadRun => ({
  latencies: latencies.sort((a, b) => a - b),
  statusCodes,
  errors,
  timeouts: 0,
  durationSeconds: 2,
  startedAt: new Date(0),
  finishedAt: new Date(2_000),
  stoppedEarly: false,
});

describe('bench metrics', () => {
  test('nearest-rank percentiles, rates and requests per second from per-request latencies', () => {
    const latencies = Array.from({ length: 100 }, (_, i) => i + 1);
    const metrics = measure(load(latencies, { '200': 90, '503': 10 }, 5));
    expect(metrics).toMatchObject({ p50: 50, p95: 95, p99: 99, maxMs: 100, rps: 50, non2xx: 10, non2xxRate: 0.1 });
    expect(metrics.errorRate).toBeCloseTo(5 / 105, 5);
    expect(percentile([], 95)).toBe(0);
  });

  test('a run that got no answer at all has error and non-2xx rates of 1, not 0', () => {
    expect(measure(load([], {}, 0))).toMatchObject({ errorRate: 1, non2xxRate: 1, rps: 0 });
  });

  test('latency thresholds are maxima, rps a minimum; the limit itself passes', () => {
    const metrics = measure(load([1, 2, 3, 4], { '200': 4 }));
    const results = checkThresholds({ p95: 4, p50: 1.5, rps: 3 }, metrics);
    expect(results).toEqual([
      { metric: 'p50', bound: 'max', limit: 1.5, value: 2, passed: false },
      { metric: 'p95', bound: 'max', limit: 4, value: 4, passed: true },
      { metric: 'rps', bound: 'min', limit: 3, value: 2, passed: false },
    ]);
  });

  test('the histogram counts every latency once, in 1-1.5-2-3-5-7 buckets', () => {
    const buckets = latencyHistogram([0.4, 0.9, 1, 1.4, 1.5, 6.9, 7]);
    expect(buckets.map((b) => [b.fromMs, b.toMs, b.count])).toEqual([
      [0.3, 0.5, 1],
      [0.5, 0.7, 0],
      [0.7, 1, 1],
      [1, 1.5, 2],
      [1.5, 2, 1],
      [2, 3, 0],
      [3, 5, 0],
      [5, 7, 1],
      [7, 10, 1],
    ]);
  });
});
