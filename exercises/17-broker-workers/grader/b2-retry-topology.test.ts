import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  criterion,
  lab,
  type StartedLearnerService,
  sleep,
  Timeline,
  waitUntil,
} from '../../../harness/grading/grader-kit.ts';
import { type Management, managementOf } from './support/management.ts';
import type { ProducerClient } from './support/producer-client.ts';
import { type Sink, startSink } from './support/sink.ts';
import { criterionEnv, startProducer, startWorkers, stopAll } from './support/stack.ts';

const QP = 'b2.';
const DELAYS = [1000, 2000, 4000];
const TOLERANCE = 0.3;

criterion('B2', 'Retry topology', () => {
  let log: Timeline;
  let sink: Sink;
  let broker: Management;
  let producer: StartedLearnerService;
  let api: ProducerClient;
  let workers: StartedLearnerService[] = [];
  let env: Record<string, string>;

  beforeAll(async () => {
    log = new Timeline('B2');
    broker = managementOf(lab().env);
    sink = await startSink();
    env = criterionEnv('b2', sink.url, { MAX_RETRIES: '3', RETRY_DELAYS_MS: DELAYS.join(','), PREFETCH: '5' });
    ({ producer, api } = await startProducer('b2-producer', env));
    workers = await startWorkers(['b2-w1', 'b2-w2'], env);
  });
  afterAll(async () => {
    await stopAll([producer, ...workers]);
    await sink?.close();
  });

  test(`a task failing 3 times is attempted ${DELAYS.map((d) => `+${d / 1000} s`).join(', ')} after each failure (±30 %), also when the worker waiting for it is SIGKILLed`, async () => {
    const id = 'b2-flaky';
    log.note((await api.postTask({ id, kind: 'flaky', failTimes: 3 })).shown);
    // During the 2-second wait, SIGKILL the worker that made the second attempt: an in-process sleep dies with it.
    const second = await waitUntil(() => sink.attempts(id).length >= 2, 10_000, 20);
    expect(second, `${id} must be attempted twice within 10 s\n${log.told()}`).toBe(true);
    await sleep(300);
    const index = workers.findIndex((w) => w.instance === sink.attempts(id)[1]?.workerId);
    if (index >= 0) {
      const victim = workers[index] as StartedLearnerService;
      await victim.kill9();
      log.note(`SIGKILL ${victim.instance} 300 ms into the 2 s wait after attempt 2`);
      workers[index] = (await startWorkers(['b2-w3'], env))[0] as StartedLearnerService;
    }
    await waitUntil(() => sink.effects(id).length > 0, 20_000, 50);
    const attempts = sink.attempts(id);
    const gaps = attempts.slice(1).map((a, i) => a.at - (attempts[i]?.at ?? 0));
    log.note(`attempts of ${id}: ${attempts.length}, gaps ${gaps.join(', ')} ms; effects ${sink.effects(id).length}`);
    expect(attempts.length, `${id} fails 3 attempts and succeeds on the 4th\n${log.told()}`).toBe(4);
    for (const [i, delay] of DELAYS.entries()) {
      const gap = gaps[i] ?? Number.NaN;
      expect(
        gap >= delay * (1 - TOLERANCE) && gap <= delay * (1 + TOLERANCE),
        `retry ${i + 1} must come ${delay} ms (±30 %) after the failure; it came after ${gap} ms — wait in a retry queue with x-message-ttl, not in the worker\n${log.told()}`,
      ).toBe(true);
    }
    expect(sink.effects(id).length, 'one effect once the task succeeds').toBe(1);
  });

  test(`the retry queues are in the broker: ${QP}tasks.retry.1000, .2000 and .4000`, async () => {
    const names = (await broker.queues()).map((q) => q.name).filter((n) => n.startsWith(QP));
    log.note(`queues under ${QP}: ${names.join(', ')}`);
    for (const delay of DELAYS) {
      expect(names, `the management API must list ${QP}tasks.retry.${delay}`).toContain(`${QP}tasks.retry.${delay}`);
    }
  });
});
