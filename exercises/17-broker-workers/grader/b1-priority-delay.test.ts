import { afterAll, beforeAll, expect, test } from 'vitest';
import { criterion, type StartedLearnerService, Timeline, waitUntil } from '../../../harness/grading/grader-kit.ts';
import type { ProducerClient, Task } from './support/producer-client.ts';
import { type Sink, startSink } from './support/sink.ts';
import { criterionEnv, startProducer, startWorkers, stopAll } from './support/stack.ts';
import { waitForEffects } from './support/wait-for-effects.ts';

const LOW = 1000;
const HIGH = 50;
/** A delayed task may take effect this much after its delay: the margin of a loaded 2-core machine. */
const DELAY_MARGIN_MS = 1500;

criterion('B1', 'Priority & delayed queues', () => {
  let log: Timeline;
  let sink: Sink;
  let env: Record<string, string>;
  let producer: StartedLearnerService;
  let api: ProducerClient;
  let workers: StartedLearnerService[] = [];

  beforeAll(async () => {
    log = new Timeline('B1');
    sink = await startSink();
    env = criterionEnv('b1', sink.url, { PREFETCH: '5' });
    ({ producer, api } = await startProducer('b1-producer', env));
  });
  afterAll(async () => {
    await stopAll([producer, ...workers]);
    await sink?.close();
  });

  test(`${HIGH} priority-9 tasks published after ${LOW} low-priority ones are processed within the first 10 % of the drain`, async () => {
    const low: Task[] = Array.from({ length: LOW }, (_, i) => ({
      id: `b1-low-${i}`,
      kind: 'work',
      durationMs: 0,
      priority: 0,
    }));
    const high: Task[] = Array.from({ length: HIGH }, (_, i) => ({
      id: `b1-high-${i}`,
      kind: 'work',
      durationMs: 0,
      priority: 9,
    }));
    await api.publish(low);
    await api.publish(high);
    log.note(`published ${LOW} tasks with priority 0, then ${HIGH} with priority 9, no worker running`);
    workers = await startWorkers(['b1-w1'], env);
    const ids = [...low, ...high].map((t) => t.id);
    const { done } = await waitForEffects(sink, ids, { timeoutMs: 90_000, stallMs: 10_000 });
    expect(done, `all ${ids.length} tasks must take effect within 90 s\n${log.told()}`).toBe(true);
    const order = sink
      .effects()
      .filter((e) => ids.includes(e.taskId))
      .map((e) => e.taskId);
    const limit = Math.ceil(ids.length / 10);
    const late = high.map((t) => ({ id: t.id, rank: order.indexOf(t.id) + 1 })).filter((r) => r.rank > limit);
    log.note(`one worker (PREFETCH=5) drained them; priority-9 tasks after rank ${limit}: ${late.length}`);
    expect(
      late.slice(0, 5).map((r) => `${r.id} was #${r.rank}`),
      `every priority-9 task must take effect within the first ${limit} of ${ids.length} (x-max-priority on the queue, priority on each message)\n${log.told()}`,
    ).toEqual([]);
  });

  test(`a task with delayMs 3000 takes effect 3000–${3000 + DELAY_MARGIN_MS} ms after it was published; a long delay never holds back a shorter one`, async () => {
    if (workers.length === 0) workers = await startWorkers(['b1-w1'], env);
    const published = new Map<string, number>();
    const post = async (task: Task) => {
      const sent = Date.now();
      const answer = await api.postTask(task);
      log.note(answer.shown);
      expect(answer.status, answer.shown).toBe(202);
      published.set(task.id, sent);
    };
    await post({ id: 'b1-delay-6000', kind: 'work', durationMs: 0, delayMs: 6000 });
    await post({ id: 'b1-delay-3000', kind: 'work', durationMs: 0, delayMs: 3000 });
    await post({ id: 'b1-delay-1000', kind: 'work', durationMs: 0, delayMs: 1000 });
    const ids = [...published.keys()];
    await waitUntil(() => sink.missing(ids).length === 0, 6000 + DELAY_MARGIN_MS + 5_000, 50);
    const after = Object.fromEntries(
      ids.map((id) => [id, (sink.effects(id)[0]?.at ?? Number.NaN) - (published.get(id) ?? 0)]),
    );
    log.note(`effects after publishing (ms): ${JSON.stringify(after)}`);
    for (const [id, delay] of [
      ['b1-delay-1000', 1000],
      ['b1-delay-3000', 3000],
      ['b1-delay-6000', 6000],
    ] as const) {
      const ms = after[id] ?? Number.NaN;
      expect(
        ms >= delay - 50 && ms <= delay + DELAY_MARGIN_MS,
        `${id} took effect ${ms} ms after POST /tasks; expected ${delay}–${delay + DELAY_MARGIN_MS} ms (published after longer delays, it must not wait for them)\n${log.told()}`,
      ).toBe(true);
    }
  });
});
