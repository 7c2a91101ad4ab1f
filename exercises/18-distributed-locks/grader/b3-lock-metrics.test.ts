import type { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  criterion,
  invokeJson,
  parsePrometheusText,
  type Scrape,
  type StartedLearnerService,
  sumScrapes,
} from '../../../harness/grading/grader-kit.ts';
import { type ContentionRun, contentionRun } from './support/contention-run.ts';
import { sectionsOf } from './support/critical-sections.ts';
import { type FencedResource, startFencedResource } from './support/fenced-resource.ts';
import { graderRedis } from './support/grader-redis.ts';
import { failWhileLabHolds } from './support/hold-lock.ts';
import { criterionPrefix, lockKey, startWorkers, stopWorkers, workerEnv } from './support/lock-workers.ts';
import type { RunAnswer } from './support/post-run.ts';

const FAMILIES = {
  lock_acquisitions_total: 'counter',
  lock_acquire_failures_total: 'counter',
  lock_wait_seconds: 'histogram',
  lock_hold_seconds: 'histogram',
} as const;

criterion('B3', 'Observability hooks', () => {
  const prefix = criterionPrefix('b3');
  const lock = 'b3-metrics';
  let resource: FencedResource;
  let redis: Redis;
  let workers: StartedLearnerService[];
  let failed: { answers: RunAnswer[]; sent: string };
  let run: ContentionRun;
  let scrapes: { worker: string; status: number; contentType: string; scrape: Scrape }[];
  let total: Record<string, number>;
  let report: { acquisitions?: unknown; failures?: unknown };
  let story: string;

  beforeAll(async () => {
    resource = await startFencedResource();
    redis = graderRedis();
    const env = workerEnv(prefix, resource.url);
    workers = await startWorkers(env);
    failed = await failWhileLabHolds(redis, lockKey(prefix, lock), workers, lock, [2, 1, 0, 0]);
    run = await contentionRun(workers, lock, [30, 30, 30, 30], 20);
    scrapes = await Promise.all(
      workers.map(async (w) => {
        const res = await fetch(`${w.url}/metrics`, { signal: AbortSignal.timeout(10_000) });
        const text = await res.text();
        return {
          worker: w.instance,
          status: res.status,
          contentType: res.headers.get('content-type') ?? '',
          scrape: parsePrometheusText(text),
        };
      }),
    );
    total = sumScrapes(scrapes.map((s) => s.scrape));
    report = await invokeJson('report', [], { env });
    story = `${failed.sent}; then ${run.sent}; then GET /metrics on every worker`;
  });
  afterAll(async () => {
    await stopWorkers(workers);
    await resource?.close();
    redis?.disconnect();
  });

  test('every worker serves /metrics in Prometheus text format with the four lock metrics', () => {
    const problems = scrapes.flatMap(({ worker, status, contentType, scrape }) => [
      ...(status === 200 ? [] : [`${worker}: GET /metrics answered ${status}`]),
      ...(contentType.startsWith('text/plain')
        ? []
        : [`${worker}: content-type ${contentType || 'missing'} (expected text/plain)`]),
      ...scrape.malformed.slice(0, 2).map((line) => `${worker}: not a sample line: ${line}`),
      ...Object.entries(FAMILIES)
        .filter(([name, type]) => scrape.types[name] !== type)
        .map(([name, type]) => `${worker}: # TYPE ${name} ${scrape.types[name] ?? '(missing)'} (expected ${type})`),
    ]);
    expect(problems, `${story}\n`).toEqual([]);
  });

  test('summed over workers, the counters agree with the resource, the /run answers and the report', () => {
    const entries = sectionsOf(resource.accesses(), lock).length;
    const failures = [...failed.answers, ...run.answers].reduce((sum, a) => sum + a.failed, 0);
    const seen = {
      lock_acquisitions_total: total.lock_acquisitions_total,
      lock_acquire_failures_total: total.lock_acquire_failures_total,
      lock_wait_seconds_count: total.lock_wait_seconds_count,
      lock_hold_seconds_count: total.lock_hold_seconds_count,
      'report.acquisitions': report.acquisitions,
      'report.failures': report.failures,
    };
    expect(
      seen,
      `${story}\nthe resource accepted ${entries} entries and the /run answers counted ${failures} failures; ` +
        'each completed section is one acquisition and one observation of each histogram. Summed over workers:',
    ).toEqual({
      lock_acquisitions_total: entries,
      lock_acquire_failures_total: failures,
      lock_wait_seconds_count: entries,
      lock_hold_seconds_count: entries,
      'report.acquisitions': entries,
      'report.failures': failures,
    });
  });

  test('the histogram sums are in seconds and agree with the /run answers within 10 %', () => {
    const seconds = (values: number[]) => values.reduce((a, b) => a + b, 0) / 1000;
    const expected = {
      lock_wait_seconds_sum: seconds(run.answers.flatMap((a) => a.waitMs)),
      lock_hold_seconds_sum: seconds(run.answers.flatMap((a) => a.holdMs)),
    };
    const wrong = Object.entries(expected)
      .filter(([name, want]) => {
        const got = total[name];
        return got === undefined || Math.abs(got - want) > want * 0.1 + 0.05;
      })
      .map(([name, want]) => `${name}: yours ${total[name]}, the /run answers add up to ${want.toFixed(3)} s`);
    expect(wrong, `${story}\nsummed over workers,`).toEqual([]);
  });
});
