import type { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { criterion, invokeJson, type StartedLearnerService } from '../../../harness/grading/grader-kit.ts';
import { type ContentionRun, contentionRun } from './support/contention-run.ts';
import { entriesPerWorker, sectionsOf } from './support/critical-sections.ts';
import { type FencedResource, startFencedResource } from './support/fenced-resource.ts';
import { graderRedis } from './support/grader-redis.ts';
import { failWhileLabHolds } from './support/hold-lock.ts';
import { criterionPrefix, lockKey, startWorkers, stopWorkers, workerEnv } from './support/lock-workers.ts';
import { agrees, jainIndex, percentileRange } from './support/percentiles.ts';
import type { RunAnswer } from './support/post-run.ts';
import { readDoc } from './support/read-doc.ts';

interface Report {
  acquisitions?: unknown;
  failures?: unknown;
  waitMs?: { p50?: unknown; p95?: unknown; p99?: unknown };
  holdMs?: { p50?: unknown; p95?: unknown };
  perWorker?: Record<string, { acquisitions?: unknown; failures?: unknown }>;
  jainFairness?: unknown;
}

criterion('R4', 'Lock contention tests', () => {
  const prefix = criterionPrefix('r4');
  const lock = 'r4-contention';
  // Unequal shares, so that Jain's index is not simply 1.
  const iterations = [20, 40, 60, 80];
  const failures = [1, 0, 2, 0];
  let resource: FencedResource;
  let redis: Redis;
  let workers: StartedLearnerService[];
  let failed: { answers: RunAnswer[]; sent: string };
  let run: ContentionRun;
  let report: Report;
  let story: string;

  beforeAll(async () => {
    resource = await startFencedResource();
    redis = graderRedis();
    const env = workerEnv(prefix, resource.url);
    workers = await startWorkers(env);
    failed = await failWhileLabHolds(redis, lockKey(prefix, lock), workers, lock, failures);
    run = await contentionRun(workers, lock, iterations, 3);
    report = await invokeJson<Report>('report', [], { env });
    story = `${failed.sent}; then ${run.sent}; then \`report\` with KEY_PREFIX=${prefix}`;
  });
  afterAll(async () => {
    await stopWorkers(workers);
    await resource?.close();
    redis?.disconnect();
  });

  test('acquisitions and failures, in total and per worker, equal what the resource and /run saw', () => {
    const entries = entriesPerWorker(sectionsOf(resource.accesses(), lock));
    const answers = [...failed.answers, ...run.answers];
    const failedBy = (i: number) => (failed.answers[i]?.failed ?? 0) + (run.answers[i]?.failed ?? 0);
    const expected = {
      acquisitions: Object.values(entries).reduce((a, b) => a + b, 0),
      failures: answers.reduce((sum, a) => sum + a.failed, 0),
      perWorker: Object.fromEntries(
        workers.map((w, i) => [w.instance, { acquisitions: entries[w.instance] ?? 0, failures: failedBy(i) }]),
      ),
    };
    expect(
      { acquisitions: report.acquisitions, failures: report.failures, perWorker: report.perWorker },
      `${story}\nexpected: acquisitions per worker as the resource recorded them (accepted POST /enter), failures as ` +
        "the workers' /run answers counted them; your report says",
    ).toEqual(expected);
  });

  test("jainFairness equals Jain's index of the per-worker acquisitions within 0.01", () => {
    const entries = entriesPerWorker(sectionsOf(resource.accesses(), lock));
    const counts = workers.map((w) => entries[w.instance] ?? 0);
    const expected = jainIndex(counts);
    expect(
      report.jainFairness,
      `${story}\nJain's index (Σx)² / (n·Σx²) over the acquisitions per worker ${JSON.stringify(counts)} is ` +
        `${expected.toFixed(4)}; your report says ${JSON.stringify(report.jainFairness)}`,
    ).toBeTypeOf('number');
    expect(
      Math.abs((report.jainFairness as number) - expected),
      `${story}\njainFairness ${report.jainFairness}, expected ${expected.toFixed(4)} ± 0.01`,
    ).toBeLessThanOrEqual(0.01);
  });

  test('wait and hold percentiles agree with the /run answers within 10 %', () => {
    const waits = run.answers.flatMap((a) => a.waitMs);
    const holds = run.answers.flatMap((a) => a.holdMs);
    const checks = [
      ['waitMs.p50', report.waitMs?.p50, percentileRange(waits, 50)],
      ['waitMs.p95', report.waitMs?.p95, percentileRange(waits, 95)],
      ['waitMs.p99', report.waitMs?.p99, percentileRange(waits, 99)],
      ['holdMs.p50', report.holdMs?.p50, percentileRange(holds, 50)],
      ['holdMs.p95', report.holdMs?.p95, percentileRange(holds, 95)],
    ] as const;
    const wrong = checks
      .filter(([, value, range]) => !agrees(value, range))
      .map(
        ([name, value, [low, high]]) =>
          `${name}: yours ${JSON.stringify(value)}, from /run ${low === high ? low : `${low}…${high}`}`,
      );
    expect(
      wrong,
      `${story}\nlab computed the percentiles of the ${waits.length} waitMs and holdMs values the /run answers listed ` +
        '(nearest rank or interpolated, ±10 %); these disagree',
    ).toEqual([]);
  });

  test('docs/contention.md describes the failure modes observed', () => {
    const doc = readDoc('docs/contention.md', {
      timeouts: /time(d)?[ -]?out/i,
      expiry: /expir|ttl/i,
      crashes: /crash|sigkill|kill/i,
      pauses: /pause|sigstop|gc|freez/i,
      fairness: /fair|starv|jain/i,
      staleness: /stale|fenc/i,
    });
    expect(doc.exists, `${doc.path} is missing: describe the failure modes you observed under contention`).toBe(true);
    expect(doc.words, `${doc.path} has ${doc.words} words; write at least 80`).toBeGreaterThanOrEqual(80);
    expect(
      doc.named.length,
      `${doc.path} names ${doc.named.join(', ') || 'none'} of: timeouts, expiry, crashes, pauses, fairness, staleness; ` +
        'describe at least three failure modes you observed',
    ).toBeGreaterThanOrEqual(3);
  });
});
