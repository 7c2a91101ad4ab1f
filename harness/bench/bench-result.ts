import { z } from 'zod';
import { PROGRAM_SOURCES } from '../learner/learner-program.ts';
import { BENCH_METRIC_NAMES } from './bench-manifest.ts';

/**
 * What `lab bench` produces: plain data, stable, the same document `--json` prints, `.lab/bench/`
 * keeps and an HTML report renders. Latencies are milliseconds; rates are ratios 0..1.
 */

const metric = z.enum(BENCH_METRIC_NAMES as [string, ...string[]]);

/** Everything measured during the measured (not warm-up) run of one scenario. */
export const benchMetricsSchema = z.strictObject({
  p50: z.number().nonnegative(),
  p95: z.number().nonnegative(),
  p99: z.number().nonnegative(),
  meanMs: z.number().nonnegative(),
  maxMs: z.number().nonnegative(),
  rps: z.number().nonnegative(),
  /** Answers received (any status). */
  responses: z.number().int().nonnegative(),
  /** Requests that got no answer: connection errors, resets, timeouts. */
  errors: z.number().int().nonnegative(),
  timeouts: z.number().int().nonnegative(),
  non2xx: z.number().int().nonnegative(),
  errorRate: z.number().min(0).max(1),
  non2xxRate: z.number().min(0).max(1),
  /** Count per HTTP status, e.g. { "200": 5123, "429": 2 }. */
  statusCodes: z.record(z.string(), z.number().int().nonnegative()),
  /** Measured wall time, seconds. */
  durationSeconds: z.number().nonnegative(),
});
export type BenchMetrics = z.infer<typeof benchMetricsSchema>;

export const thresholdResultSchema = z.strictObject({
  metric,
  /** `max`: the value must be ≤ limit; `min`: ≥ limit. */
  bound: z.enum(['max', 'min']),
  limit: z.number(),
  value: z.number(),
  passed: z.boolean(),
});
export type ThresholdResult = z.infer<typeof thresholdResultSchema>;

/** Per-request latencies counted into buckets [fromMs, toMs); the last bucket's toMs is the max seen. */
export const histogramBucketSchema = z.strictObject({
  fromMs: z.number().nonnegative(),
  toMs: z.number().nonnegative(),
  count: z.number().int().nonnegative(),
});
export type HistogramBucket = z.infer<typeof histogramBucketSchema>;

/** One metric against the previous run of the same scenario (`--compare`). */
export const metricChangeSchema = z.strictObject({
  metric: z.string(),
  previous: z.number(),
  current: z.number(),
  /** (current − previous) / previous; null when previous is 0. */
  change: z.number().nullable(),
});
export type MetricChange = z.infer<typeof metricChangeSchema>;

export const scenarioResultSchema = z.strictObject({
  name: z.string(),
  description: z.string(),
  request: z.strictObject({ method: z.string(), path: z.string() }),
  connections: z.number().int().positive(),
  durationSeconds: z.number().positive(),
  warmupSeconds: z.number().nonnegative(),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
  metrics: benchMetricsSchema,
  thresholds: z.array(thresholdResultSchema),
  histogram: z.array(histogramBucketSchema),
  passed: z.boolean(),
  /**
   * The counters of the scenario's helpers (bench.helpers) during the measured run, by variable, e.g.
   * `{ "ORIGIN_URL": { "originCalls": 12 } }`: the load the program put on what it depends on.
   */
  helpers: z.record(z.string(), z.record(z.string(), z.number())).optional(),
  /** Present with `--compare` when a previous run of this scenario was kept. */
  comparison: z.strictObject({ previousStartedAt: z.iso.datetime(), changes: z.array(metricChangeSchema) }).optional(),
});
export type ScenarioResult = z.infer<typeof scenarioResultSchema>;

export const benchResultSchema = z.strictObject({
  kind: z.literal('lab-bench'),
  exercise: z.number().int(),
  slug: z.string(),
  title: z.string(),
  target: z.strictObject({ source: z.enum(PROGRAM_SOURCES), dir: z.string() }),
  scenarios: z.array(scenarioResultSchema),
  /** Every threshold of every scenario held. */
  passed: z.boolean(),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
  durationMs: z.number().int().nonnegative(),
  labVersion: z.string(),
  /** Node and CPU count of the machine that measured: figures mean little without them. */
  machine: z.strictObject({ node: z.string(), cpus: z.number().int().positive(), platform: z.string() }),
});
export type BenchResult = z.infer<typeof benchResultSchema>;
