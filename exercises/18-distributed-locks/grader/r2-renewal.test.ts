import type { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { criterion, type StartedLearnerService } from '../../../harness/grading/grader-kit.ts';
import { overlapsOf, sectionsOf } from './support/critical-sections.ts';
import { type FencedResource, startFencedResource } from './support/fenced-resource.ts';
import { freezeHolderAtWrite } from './support/frozen-holder.ts';
import { graderRedis } from './support/grader-redis.ts';
import { LOCK_TTL_MS, TAKEOVER_MARGIN_MS } from './support/lock-settings.ts';
import { criterionPrefix, lockKey, startWorkers, stopWorkers, workerEnv } from './support/lock-workers.ts';
import { describeRun, postRun } from './support/post-run.ts';
import { samplePttl } from './support/sample-pttl.ts';

criterion('R2', 'Renewal/heartbeat', () => {
  const prefix = criterionPrefix('r2');
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

  test('a section of 3 × LOCK_TTL_MS keeps the lock: nobody else enters, the key never expires', async () => {
    const lock = 'r2-long';
    const key = lockKey(prefix, lock);
    const [holder, ...waiters] = workers as [StartedLearnerService, ...StartedLearnerService[]];
    const long = { lock, iterations: 1, holdMs: 3 * LOCK_TTL_MS, acquireTimeoutMs: 5_000 };
    const entered = resource.next((a) => a.lock === lock && a.kind === 'enter', 10_000);
    const holding = postRun(holder, long, 30_000);
    expect(await entered, `${describeRun(holder, long)}\nthe resource saw no POST /enter within 10 s`).toBeDefined();
    const pttl = samplePttl(redis, key, 25);
    const short = { lock, iterations: 1, holdMs: 10, acquireTimeoutMs: 5 * LOCK_TTL_MS };
    const waiting = waiters.map((w) => postRun(w, short, 30_000));
    const exited = resource.next((a) => a.lock === lock && a.worker === holder.instance && a.kind === 'exit', 30_000);
    const [answer] = await Promise.all([holding, exited.finally(() => pttl.stop())]);
    await Promise.all(waiting);
    const story = `${describeRun(holder, long)}; once it entered, lab sent ${JSON.stringify(short)} to the other workers`;

    const sections = sectionsOf(resource.accesses(), lock);
    expect(
      overlapsOf(sections),
      `${story}\nanother worker entered while the long section was inside: renew the lock every LOCK_TTL_MS / 3 ` +
        'with a compare-and-extend script (PEXPIRE only if the key still holds your value)',
    ).toEqual([]);
    expect(
      answer.acquired,
      `${story}\nthe long section must complete (acquired: 1); it answered ${JSON.stringify(answer)}`,
    ).toBe(1);
    const holderValue = pttl.samples[0]?.value;
    const lapses = pttl.samples
      .filter((s) => s.value !== holderValue || s.pttl <= 0)
      .map((s) => `at +${s.atMs} ms: PTTL ${s.pttl}, value ${JSON.stringify(s.value)}`);
    // The holder releases right after its exit: ignore the last samples once the exit was seen.
    const before = pttl.samples.length > 3 ? lapses.slice(0, -2) : lapses;
    expect(
      before.slice(0, 5),
      `${story}\nlab read PTTL ${key} every 25 ms during the long section; it must keep the holder's value ` +
        `(${JSON.stringify(holderValue)}) and a positive PTTL, but`,
    ).toEqual([]);
  });

  test(`a holder frozen with SIGSTOP loses the lock: another worker enters within LOCK_TTL_MS + ${TAKEOVER_MARGIN_MS} ms`, async () => {
    const [holder, taker] = workers as [StartedLearnerService, StartedLearnerService];
    const frozen = await freezeHolderAtWrite(resource, holder, taker, 'r2-frozen');
    expect(
      frozen.holderEnter,
      `${frozen.story}\nthe resource saw no POST /enter from ${holder.instance}`,
    ).toBeDefined();
    expect(
      frozen.staleWrite,
      `${frozen.story}\n${holder.instance} never sent POST /write; output:\n${holder.output(10)}`,
    ).toBeDefined();
    expect(
      frozen.takerEnter,
      `${frozen.story}\n${taker.instance} did not enter while ${holder.instance} was frozen; a frozen holder cannot renew, ` +
        'so its lock must expire after LOCK_TTL_MS',
    ).toBeDefined();
    expect(
      frozen.takeoverMs,
      `${frozen.story}\n${taker.instance} entered ${frozen.takeoverMs} ms after SIGSTOP; expected ≤ ${LOCK_TTL_MS + TAKEOVER_MARGIN_MS} ms`,
    ).toBeLessThanOrEqual(LOCK_TTL_MS + TAKEOVER_MARGIN_MS);
  });
});
