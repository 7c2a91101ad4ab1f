import type { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { criterion, type StartedLearnerService } from '../../../harness/grading/grader-kit.ts';
import { contentionRun } from './support/contention-run.ts';
import { entriesPerWorker, overlapsOf, sectionsOf, tokenRegressions } from './support/critical-sections.ts';
import { type FencedResource, startFencedResource } from './support/fenced-resource.ts';
import { graderRedis } from './support/grader-redis.ts';
import { LOCK_TTL_MS, TAKEOVER_MARGIN_MS } from './support/lock-settings.ts';
import { criterionPrefix, lockKey, startWorkers, stopWorkers, workerEnv } from './support/lock-workers.ts';
import { describeRun, postRun } from './support/post-run.ts';
import { samplePttl } from './support/sample-pttl.ts';

criterion('R1', 'Lock acquisition with TTL', () => {
  const prefix = criterionPrefix('r1');
  let resource: FencedResource;
  let redis: Redis;
  let workers: StartedLearnerService[];

  beforeAll(async () => {
    resource = await startFencedResource();
    redis = graderRedis();
    workers = await startWorkers(workerEnv(prefix, resource.url));
  });
  afterAll(async () => {
    await stopWorkers(workers);
    await resource?.close();
    redis?.disconnect();
  });

  test('4 workers × 100 sections on one lock: never two inside at once, tokens rising, PTTL ≤ LOCK_TTL_MS', async () => {
    const lock = 'r1-contention';
    const key = lockKey(prefix, lock);
    const pttl = samplePttl(redis, key);
    const run = await contentionRun(workers, lock, [100, 100, 100, 100], 5).finally(() => pttl.stop());
    const sections = sectionsOf(resource.accesses(), lock);

    const answered = Object.fromEntries(workers.map((w, i) => [w.instance, run.answers[i]?.acquired]));
    expect(
      answered,
      `${run.sent}\nexpected every worker to answer acquired: 100 (a 60 s acquireTimeoutMs is plenty); their answers`,
    ).toEqual(Object.fromEntries(workers.map((w) => [w.instance, 100])));
    expect(
      entriesPerWorker(sections),
      `${run.sent}\nthe resource must see one accepted POST /enter per acquired section; it saw per worker`,
    ).toEqual(answered);
    expect(
      overlapsOf(sections).slice(0, 5),
      `${run.sent}\nthe resource saw two holders inside at once (first 5 of ${overlapsOf(sections).length}); ` +
        'acquire with one atomic SET key value NX PX ttl, never GET then SET',
    ).toEqual([]);
    expect(
      tokenRegressions(sections).slice(0, 5),
      `${run.sent}\nfencing tokens must be numbers that rise strictly in the order holders enter (INCR at acquisition)`,
    ).toEqual([]);

    const held = pttl.samples.filter((s) => s.pttl !== -2);
    expect(held.length, `lab read PTTL ${key} every 20 ms during the run and never found the key`).toBeGreaterThan(0);
    const wrong = held.filter((s) => s.pttl <= 0 || s.pttl > LOCK_TTL_MS);
    expect(
      wrong.slice(0, 3),
      `PTTL ${key} while held must be in 1…LOCK_TTL_MS (${LOCK_TTL_MS}); -1 means the lock has no expiry, ` +
        'so a crashed holder would block everyone forever',
    ).toEqual([]);
  });

  test('only the owner releases: a key that now holds another value survives the release', async () => {
    const lock = 'r1-owner';
    const key = lockKey(prefix, lock);
    const worker = workers[0] as StartedLearnerService;
    const body = { lock, iterations: 1, holdMs: 300, acquireTimeoutMs: 5_000 };
    const entered = resource.next((a) => a.lock === lock && a.kind === 'enter', 10_000);
    const answer = postRun(worker, body, 15_000);
    expect(await entered, `${describeRun(worker, body)}\nthe resource saw no POST /enter within 10 s`).toBeDefined();
    // As if the lock had expired and another client had taken it while the holder was busy.
    await redis.set(key, 'taken-by-lab', 'PX', LOCK_TTL_MS);
    await answer;
    expect(
      await redis.get(key),
      `${describeRun(worker, body)}\nwhile it held the lock, lab replaced ${key} with "taken-by-lab" (as if it had expired ` +
        'and another worker had taken it); your release must delete the key only if it still holds your value ' +
        '(a Lua compare-and-delete), but afterwards the key held',
    ).toBe('taken-by-lab');
    await redis.del(key);
  });

  // Last: it kills w1.
  test(`a holder killed with SIGKILL blocks the others no longer than LOCK_TTL_MS + ${TAKEOVER_MARGIN_MS} ms`, async () => {
    const lock = 'r1-kill';
    const [victim, ...others] = workers as [StartedLearnerService, ...StartedLearnerService[]];
    const long = { lock, iterations: 1, holdMs: 4 * LOCK_TTL_MS, acquireTimeoutMs: 5_000 };
    const entered = resource.next((a) => a.lock === lock && a.kind === 'enter', 10_000);
    const holding = postRun(victim, long, 30_000).catch(() => undefined);
    expect(await entered, `${describeRun(victim, long)}\nthe resource saw no POST /enter within 10 s`).toBeDefined();
    const body = { lock, iterations: 1, holdMs: 50, acquireTimeoutMs: 10_000 };
    const waiting = others.map((w) => postRun(w, body, 30_000));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const takeover = resource.next((a) => a.lock === lock && a.kind === 'enter' && a.status === 200, 15_000);
    const killedAt = performance.now();
    await victim.kill9();
    await holding;
    const next = await takeover;
    const answers = await Promise.all(waiting);
    const context =
      `${describeRun(victim, long)}; once it entered, lab sent ${JSON.stringify(body)} to ${others.map((w) => w.instance).join(', ')}, ` +
      `then killed ${victim.instance} with SIGKILL (LOCK_TTL_MS=${LOCK_TTL_MS})`;
    expect(next, `${context}\nno other worker entered within 15 s: does the lock key have a TTL?`).toBeDefined();
    const blockedMs = Math.round((next?.at ?? 0) - killedAt);
    expect(
      blockedMs,
      `${context}\n${next?.worker} entered ${blockedMs} ms after the kill; expected ≤ ${LOCK_TTL_MS + TAKEOVER_MARGIN_MS} ms`,
    ).toBeLessThanOrEqual(LOCK_TTL_MS + TAKEOVER_MARGIN_MS);
    expect(
      answers.map((a) => a.acquired),
      `${context}\nevery waiting worker must get the lock once`,
    ).toEqual(others.map(() => 1));
  });
});
