import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  criterion,
  lab,
  type StartedLearnerService,
  sleep,
  Timeline,
  waitUntil,
} from '../../../harness/grading/grader-kit.ts';
import { killMidTask } from './support/kill-mid-task.ts';
import { type Management, managementOf } from './support/management.ts';
import { type ProducerClient, type Task, workTasks } from './support/producer-client.ts';
import { type Sink, startSink } from './support/sink.ts';
import { criterionEnv, startProducer, startWorkers, stopAll } from './support/stack.ts';
import { waitForEffects } from './support/wait-for-effects.ts';

const QP = 'r4.';
const TASKS = 300;
const KILLS = 3;

/** Deterministic shuffle (seeded), so a failing run can be replayed with the same order. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

criterion('R4', 'Idempotent handlers', () => {
  let log: Timeline;
  let sink: Sink;
  let broker: Management;
  let producer: StartedLearnerService;
  let api: ProducerClient;
  let workers: StartedLearnerService[] = [];

  beforeAll(async () => {
    log = new Timeline('R4');
    broker = managementOf(lab().env);
    sink = await startSink();
    const env = criterionEnv('r4', sink.url, { PREFETCH: '1' });
    ({ producer, api } = await startProducer('r4-producer', env));
    workers = await startWorkers(['r4-w1', 'r4-w2', 'r4-w3', 'r4-w4'], env);
    log.note('producer and 4 workers (PREFETCH=1) ready');
    const tasks = workTasks('r4', TASKS, 150);
    // Each id twice, the two copies close together, so duplicates are often in flight at once.
    const batches: Task[][] = [];
    for (let i = 0; i < TASKS; i += 100)
      batches.push(shuffled([...tasks.slice(i, i + 100), ...tasks.slice(i, i + 100)], 17 + i));
    // The first batch before any kill (a program that cannot publish fails here, at once), the rest during the kills.
    await api.publish(batches[0] ?? []);
    const publishing = (async () => {
      for (const batch of batches.slice(1)) await api.publish(batch);
    })();
    publishing.catch(() => {}); // awaited below; this only keeps Node from calling it unhandled meanwhile
    let n = 5;
    const replacements: Promise<StartedLearnerService[]>[] = [];
    for (let k = 0; k < KILLS; k++) {
      await sleep(1200);
      const index = (k * 7 + 1) % workers.length;
      const worker = workers[index] as StartedLearnerService;
      const victim = await killMidTask(worker, sink);
      if (victim === undefined) {
        log.note(`${worker.instance} had no task to be killed in`);
        continue;
      }
      log.note(`SIGKILL ${worker.instance} while it worked on ${victim}; starting r4-w${n}`);
      // A replacement starts in the background; the next kill picks another of the first four.
      replacements.push(startWorkers([`r4-w${n++}`], env));
    }
    workers.push(...(await Promise.all(replacements)).flat());
    await publishing;
    log.note(`published ${TASKS} ids twice each (${TASKS * 2} messages)`);
    const ids = tasks.map((t) => t.id);
    await waitForEffects(sink, ids, { timeoutMs: 90_000, stallMs: 12_000 });
    // Then until the queue is idle and the sink quiet for 2 s: a late duplicate would show up now.
    await waitUntil(
      async () => {
        const q = await broker.queue(`${QP}tasks`);
        const quiet = Date.now() - (sink.events().at(-1)?.at ?? 0) > 2_000;
        return quiet && q?.messages === 0;
      },
      30_000,
      500,
    );
    log.note(`the sink counted ${sink.effects().length} effects for ${ids.length} ids`);
  }, 170_000);
  afterAll(async () => {
    await stopAll([producer, ...workers]);
    await sink?.close();
  });

  test(`${TASKS} tasks, each published twice, with ${KILLS} workers SIGKILLed mid-task: exactly one effect per id`, () => {
    const counts = sink.effectCounts(workTasks('r4', TASKS).map((t) => t.id));
    const missing = [...counts].filter(([, n]) => n === 0).map(([id]) => id);
    const repeated = [...counts].filter(([, n]) => n > 1).map(([id, n]) => `${id} × ${n}`);
    expect(missing.slice(0, 10), `every task must take effect; ${missing.length} ids have none\n${log.told()}`).toEqual(
      [],
    );
    expect(
      repeated.slice(0, 10),
      `the sink counts every effect: ${repeated.length} ids took effect more than once — claim the id in Redis (SET NX) before the effect, mark it done after, skip ids already done\n${log.told()}`,
    ).toEqual([]);
  });
});
