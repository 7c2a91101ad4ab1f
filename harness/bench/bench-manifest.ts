import { z } from 'zod';

/**
 * The `bench` section of an exercise manifest: load scenarios run by `lab bench N` against the
 * learner's program, each with thresholds that decide the exit code.
 */

/** Metrics a threshold may name, and which way each one is bounded. */
export const BENCH_METRICS = {
  p50: { bound: 'max', unit: 'ms', label: 'latency p50' },
  p95: { bound: 'max', unit: 'ms', label: 'latency p95' },
  p99: { bound: 'max', unit: 'ms', label: 'latency p99' },
  rps: { bound: 'min', unit: 'req/s', label: 'requests per second' },
  errorRate: { bound: 'max', unit: 'ratio', label: 'error rate (no answer, reset, timeout)' },
  non2xxRate: { bound: 'max', unit: 'ratio', label: 'non-2xx rate' },
} as const;
export type BenchMetric = keyof typeof BENCH_METRICS;
export const BENCH_METRIC_NAMES = Object.keys(BENCH_METRICS) as BenchMetric[];

const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'] as const;
const envName = z.string().regex(/^[A-Z][A-Z0-9_]*$/);
const headers = z.record(z.string().regex(/^[A-Za-z0-9-]+$/), z.string()).describe('extra request headers');

/** One HTTP request to the learner's program. A JSON body is sent with content-type application/json. */
export const benchRequestSchema = z.strictObject({
  method: z.enum(HTTP_METHODS).default('GET'),
  /** Path and query, e.g. `/v1/products?limit=20`. */
  path: z.string().startsWith('/'),
  headers: headers.optional(),
  body: z.unknown().optional(),
});

/** A setup request, sent `repeat` times before the load; `{{i}}` in its path or body strings is the repetition (0…). */
export const benchSetupSchema = benchRequestSchema.extend({
  repeat: z.number().int().min(1).max(10_000).default(1),
  /** Send the token obtained by `setupAuth` (or `auth`). */
  authenticated: z.boolean().default(true),
});

/** How to obtain a token from the learner's own API. */
export const benchAuthSchema = z.strictObject({
  /** The login request, e.g. POST /v1/auth/login with {username, password}. */
  login: benchRequestSchema,
  /** JSON pointer to the token in the login answer, e.g. `/access_token`. */
  token: z.string().startsWith('/'),
  /** Header that carries it. */
  header: z.string().default('authorization'),
  /** Written before the token in that header; empty for a bare token. */
  scheme: z.string().default('Bearer'),
});

/** Thresholds keyed by metric; naming a metric lab does not measure is an error, never a silent pass. */
export const benchThresholdsSchema = z.strictObject(
  {
    p50: z.number().positive().optional().describe('max latency p50, ms'),
    p95: z.number().positive().optional().describe('max latency p95, ms'),
    p99: z.number().positive().optional().describe('max latency p99, ms'),
    rps: z.number().positive().optional().describe('min requests per second'),
    errorRate: z.number().min(0).max(1).optional().describe('max share of requests that got no answer (0..1)'),
    non2xxRate: z.number().min(0).max(1).optional().describe('max share of answers outside 2xx (0..1)'),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown metric ${issue.keys.map((key) => `"${key}"`).join(', ')}; known metrics: ${BENCH_METRIC_NAMES.join(', ')}`
        : undefined,
  },
);
export type BenchThresholds = z.infer<typeof benchThresholdsSchema>;

export const benchScenarioSchema = z.strictObject({
  /** kebab-case; `lab bench N --scenario <name>`. */
  name: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
  description: z.string().min(10),
  /** Contract variables for this scenario's program instance, over `bench.env`. */
  env: z.record(envName, z.string()).default({}),
  /** Token for the load requests; obtained once, after setup. */
  auth: benchAuthSchema.optional(),
  /** Token for the setup requests when it is another user (e.g. an admin creating rows); defaults to `auth`. */
  setupAuth: benchAuthSchema.optional(),
  /** Sent once before the warm-up, in order. */
  setup: z.array(benchSetupSchema).default([]),
  /** The request under load. */
  request: benchRequestSchema,
  connections: z.number().int().min(1).max(1_000).default(10),
  /** Measured seconds (`--duration` overrides). */
  durationSeconds: z.number().min(1).max(600).default(10),
  /** Seconds of load before the measurement, discarded (JIT, pools, caches). */
  warmupSeconds: z.number().min(0).max(120).default(2),
  thresholds: benchThresholdsSchema.refine((t) => Object.keys(t).length > 0, 'name at least one threshold'),
});
export type BenchScenario = z.infer<typeof benchScenarioSchema>;
export type BenchRequest = z.infer<typeof benchRequestSchema>;
export type BenchAuth = z.infer<typeof benchAuthSchema>;

export const benchSchema = z.strictObject({
  /** Contract variables every scenario's program receives (JWT secret, seed users, a huge rate limit…). */
  env: z.record(envName, z.string()).default({}),
  /**
   * Servers lab runs beside the program for each scenario (a slow origin the program caches…): contract
   * variable → a module under the exercise folder exporting `startBenchHelper()` (see
   * harness/bench/bench-helpers.ts). The program gets the helper's URL in that variable, and the
   * result reports the helper's counters (e.g. origin calls) per scenario.
   */
  helpers: z.record(envName, z.string().regex(/^[\w./-]+\.ts$/)).default({}),
  scenarios: z
    .array(benchScenarioSchema)
    .min(1)
    .refine((list) => new Set(list.map((s) => s.name)).size === list.length, 'scenario names must be unique'),
});
export type BenchManifest = z.infer<typeof benchSchema>;

/** Bench variables that the contract does not declare: the learner could not know about them. */
export function undeclaredBenchEnv(bench: BenchManifest, contractEnv: Readonly<Record<string, string>>): string[] {
  const names = [
    ...Object.keys(bench.env),
    ...Object.keys(bench.helpers),
    ...bench.scenarios.flatMap((s) => Object.keys(s.env)),
  ];
  return [...new Set(names.filter((name) => !(name in contractEnv)))];
}
