import { BENCH_METRIC_NAMES, BENCH_METRICS, type BenchThresholds } from './bench-manifest.ts';
import type { BenchMetrics, MetricChange, ThresholdResult } from './bench-result.ts';
import { percentile, round } from './latency-stats.ts';
import type { LoadRun } from './run-load.ts';

/** The figures of one measured load run. */
export function measure(load: LoadRun): BenchMetrics {
  const { latencies } = load;
  const responses = latencies.length;
  const non2xx = Object.entries(load.statusCodes)
    .filter(([code]) => !code.startsWith('2'))
    .reduce((sum, [, count]) => sum + count, 0);
  const attempts = responses + load.errors;
  const seconds = load.durationSeconds > 0 ? load.durationSeconds : 1;
  return {
    p50: round(percentile(latencies, 50)),
    p95: round(percentile(latencies, 95)),
    p99: round(percentile(latencies, 99)),
    meanMs: round(responses ? latencies.reduce((sum, ms) => sum + ms, 0) / responses : 0),
    maxMs: round(latencies[responses - 1] ?? 0),
    rps: round(responses / seconds),
    responses,
    errors: load.errors,
    timeouts: load.timeouts,
    non2xx,
    errorRate: ratio(load.errors, attempts),
    non2xxRate: ratio(non2xx, responses),
    statusCodes: load.statusCodes,
    durationSeconds: load.durationSeconds,
  };
}

/** No answer at all is the worst rate, not a perfect one: a silent program must not pass. */
const ratio = (part: number, whole: number): number => (whole === 0 ? 1 : Math.round((part / whole) * 1e6) / 1e6);

/** Each threshold of the scenario against what was measured, in the manifest's metric order. */
export function checkThresholds(thresholds: BenchThresholds, metrics: BenchMetrics): ThresholdResult[] {
  return BENCH_METRIC_NAMES.flatMap((metric) => {
    const limit = thresholds[metric];
    if (limit === undefined) return [];
    const { bound } = BENCH_METRICS[metric];
    const value = metrics[metric];
    return [{ metric, bound, limit, value, passed: bound === 'max' ? value <= limit : value >= limit }];
  });
}

/** Metrics shown in comparisons, in this order. */
export const COMPARED_METRICS = ['p50', 'p95', 'p99', 'meanMs', 'maxMs', 'rps', 'errorRate', 'non2xxRate'] as const;

export function compareMetrics(previous: BenchMetrics, current: BenchMetrics): MetricChange[] {
  return COMPARED_METRICS.map((metric) => ({
    metric,
    previous: previous[metric],
    current: current[metric],
    change:
      previous[metric] === 0 ? null : Math.round(((current[metric] - previous[metric]) / previous[metric]) * 1e4) / 1e4,
  }));
}
