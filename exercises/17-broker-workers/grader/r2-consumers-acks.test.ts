import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import {
  criterion,
  lab,
  type StartedLearnerService,
  Timeline,
  waitUntil,
} from '../../../harness/grading/grader-kit.ts';
import { type Management, managementOf } from './support/management.ts';
import { type ProducerClient, workTasks } from './support/producer-client.ts';
import { type Sink, startSink } from './support/sink.ts';
import { criterionEnv, startProducer, startWorkers, stopAll } from './support/stack.ts';
import { waitForEffects } from './support/wait-for-effects.ts';

const QP = 'r2.';
/**
 * The fairness check's effect cost and prefetch: 4 workers × 2 in flight × 100 ms drain 400 tasks in
 * about 5 s, long enough that one worker starved of CPU for half a second (a container starting beside
 * this criterion) still handles far more than 15 %. With 50 ms and PREFETCH=5 the drain took 1 s, and
 * such a stall decided the shares.
 */
const FAIR_EFFECT_MS = 100;
const FAIR_PREFETCH = 2;
/**
 * …and in the throughput check: long enough that PREFETCH=1 is bound by waiting (2 workers × 1 / 100 ms),
 * while PREFETCH=20 stays bound by CPU — ~4× apart even at a load average of 20 on 2 cores.
 */
const SLOW_EFFECT_MS = 100;

criterion('R2', 'Consumers & acks', () => {
  let log: Timeline;
  let sink: Sink;
  let broker: Management;
  let producer: StartedLearnerService;
  let api: ProducerClient;
  let workers: StartedLearnerService[] = [];
  const env = (prefetch: number) => criterionEnv('r2', sink.url, { PREFETCH: String(prefetch) });

  /** Tasks per second from the first attempt to the last effect of these ids at the sink. */
  const drainRate = (ids: readonly string[]) => {
    const wanted = new Set(ids);
    const mine = sink.events().filter((e) => wanted.has(e.taskId));
    const first = Math.min(...mine.filter((e) => e.kind === 'attempt').map((e) => e.at));
    const last = Math.max(...mine.filter((e) => e.kind === 'effect').map((e) => e.at));
    return { rate: (ids.length * 1000) / Math.max(1, last - first), ms: last - first };
  };

  beforeAll(async () => {
    log = new Timeline('R2');
    broker = managementOf(lab().env);
    sink = await startSink();
    ({ producer, api } = await startProducer('r2-producer', env(10)));
  });
  afterEach(async () => {
    await stopAll(workers);
    workers = [];
  });
  afterAll(async () => {
    await stopAll([producer]);
    await sink?.close();
  });

  test('two workers SIGKILLed while handling 2-second tasks lose nothing: every task takes effect', async () => {
    workers = await startWorkers(['r2-w1', 'r2-w2', 'r2-w3'], env(2));
    const tasks = workTasks('r2-long', 8, 2000);
    const ids = tasks.map((t) => t.id);
    await api.publish(tasks);
    log.note('3 workers (PREFETCH=2) ready; published 8 tasks of 2 s');
    const [w1, w2, w3] = workers as [StartedLearnerService, StartedLearnerService, StartedLearnerService];
    const busy = (w: StartedLearnerService) =>
      sink.attempts().some((a) => a.workerId === w.instance && ids.includes(a.taskId));
    const started = await waitUntil(() => busy(w1) && busy(w2), 15_000, 20);
    expect(
      started,
      `r2-w1 and r2-w2 must each start a task (POST /attempts at the sink) within 15 s\n${log.told()}`,
    ).toBe(true);
    await Promise.all([w1.kill9(), w2.kill9()]);
    const inFlight = sink
      .attempts()
      .filter((a) => a.workerId !== w3.instance)
      .map((a) => a.taskId);
    log.note(`SIGKILL r2-w1 and r2-w2 in the middle of ${inFlight.join(', ')}`);
    workers = [w3, ...(await startWorkers(['r2-w4'], env(2)))];
    log.note('started r2-w4');
    const done = await waitForEffects(sink, ids, { timeoutMs: 45_000, stallMs: 12_000 });
    const missing = sink.missing(ids);
    log.note(`${ids.length - missing.length} of ${ids.length} tasks took effect`);
    expect(
      missing,
      `a task whose worker died before acking must be redelivered and take effect; without an effect${done.why} — ` +
        `ack manually, after the effect (noAck: false)\n${log.told()}`,
    ).toEqual([]);
  });

  test('each consumer holds at most PREFETCH messages (the management API shows prefetch_count = PREFETCH)', async () => {
    workers = await startWorkers(['r2-p1', 'r2-p2'], env(7));
    let seen: number[] = [];
    const shown = await waitUntil(
      async () => {
        seen = (await broker.consumers()).filter((c) => c.queue.name === `${QP}tasks`).map((c) => c.prefetch_count);
        return seen.length >= 2 && seen.every((p) => p === 7);
      },
      15_000,
      500,
    );
    log.note(`2 workers with PREFETCH=7: consumers of ${QP}tasks show prefetch_count ${JSON.stringify(seen)}`);
    expect(
      shown,
      `every consumer of ${QP}tasks must have prefetch_count 7 (channel.prefetch(PREFETCH) before consume); the management API shows ${JSON.stringify(seen)}`,
    ).toBe(true);
  });

  test(`with effects taking ${SLOW_EFFECT_MS} ms, 2 workers with PREFETCH=20 drain at least 3 × faster than with PREFETCH=1`, async () => {
    sink.setEffectDelay(SLOW_EFFECT_MS);
    workers = await startWorkers(['r2-slow1', 'r2-slow2'], env(1));
    const slow = workTasks('r2-p1', 60);
    await api.publish(slow);
    const slowDone = (
      await waitForEffects(
        sink,
        slow.map((t) => t.id),
        { timeoutMs: 60_000, stallMs: 10_000 },
      )
    ).done;
    expect(slowDone, `60 tasks with PREFETCH=1 must all take effect within 60 s\n${log.told()}`).toBe(true);
    const one = drainRate(slow.map((t) => t.id));
    log.note(`PREFETCH=1, 2 workers: 60 tasks in ${one.ms} ms (${one.rate.toFixed(0)}/s)`);
    await stopAll(workers);

    const fast = workTasks('r2-p20', 600);
    await api.publish(fast);
    workers = await startWorkers(['r2-fast1', 'r2-fast2'], env(20));
    const fastDone = (
      await waitForEffects(
        sink,
        fast.map((t) => t.id),
        { timeoutMs: 60_000, stallMs: 10_000 },
      )
    ).done;
    expect(fastDone, `600 tasks with PREFETCH=20 must all take effect within 60 s\n${log.told()}`).toBe(true);
    const twenty = drainRate(fast.map((t) => t.id));
    log.note(`PREFETCH=20, 2 workers: 600 tasks in ${twenty.ms} ms (${twenty.rate.toFixed(0)}/s)`);
    sink.setEffectDelay(0);
    expect(
      twenty.rate / one.rate,
      `PREFETCH=20 lets each worker handle up to 20 tasks at once: it must drain ≥ 3 × faster than PREFETCH=1 ` +
        `(${one.rate.toFixed(0)}/s vs ${twenty.rate.toFixed(0)}/s) — handle deliveries concurrently, do not await them one by one\n${log.told()}`,
    ).toBeGreaterThanOrEqual(3);
  });

  test('with 4 workers each handles at least 15 % of the tasks', async () => {
    sink.setEffectDelay(FAIR_EFFECT_MS);
    const names = ['r2-f1', 'r2-f2', 'r2-f3', 'r2-f4'];
    workers = await startWorkers(names, env(FAIR_PREFETCH));
    const tasks = workTasks('r2-fair', 400);
    await api.publish(tasks);
    const done = (
      await waitForEffects(
        sink,
        tasks.map((t) => t.id),
        { timeoutMs: 60_000, stallMs: 10_000 },
      )
    ).done;
    sink.setEffectDelay(0);
    expect(done, `400 tasks with 4 workers must all take effect within 60 s\n${log.told()}`).toBe(true);
    const ids = new Set(tasks.map((t) => t.id));
    const share = Object.fromEntries(names.map((n) => [n, 0]));
    for (const e of sink.effects())
      if (ids.has(e.taskId) && e.workerId in share) share[e.workerId] = (share[e.workerId] ?? 0) + 1;
    log.note(`effects per worker (PREFETCH=${FAIR_PREFETCH}, 400 tasks): ${JSON.stringify(share)}`);
    for (const [name, count] of Object.entries(share)) {
      expect(
        count,
        `each of 4 workers must handle ≥ 15 % (60) of 400 tasks; ${name} handled ${count}: ${JSON.stringify(share)}`,
      ).toBeGreaterThanOrEqual(60);
    }
  });
});
