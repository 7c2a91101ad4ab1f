import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  criterion,
  parsePrometheusText,
  pauseContainer,
  restartContainer,
  type StartedLearnerService,
  sleep,
  startServiceInstance,
  Timeline,
  unpauseContainer,
  waitUntil,
} from '../../../harness/grading/grader-kit.ts';
import { type Management, managementOf } from './support/management.ts';
import { type Answer, type ProducerClient, type Task, workTasks } from './support/producer-client.ts';
import { type Sink, startSink } from './support/sink.ts';
import { criterionEnv, startProducer, startWorkers, stopAll } from './support/stack.ts';
import { waitForEffects } from './support/wait-for-effects.ts';
import { waitWhileProgressing } from './support/wait-while-progressing.ts';

const BROKER = 'rabbitmq-r1';
const QP = 'r1.';
const PUBLISH_TIMEOUT_MS = 1500;
const TASKS = 1000;

/** Posts the task every half second until it is accepted (202) or `timeoutMs` passed; the last answer. */
async function until202(api: ProducerClient, task: Task, timeoutMs: number): Promise<Answer> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await api.postTask(task, 10_000);
    if (answer.status === 202 || Date.now() >= deadline) return answer;
    await sleep(500);
  }
}

criterion('R1', 'Producer & durable queues', () => {
  let log: Timeline;
  let sink: Sink;
  let env: Record<string, string>;
  let broker: Management;
  let producer: StartedLearnerService;
  let api: ProducerClient;
  let workers: StartedLearnerService[] = [];
  let paused = false;
  const accepted: string[] = [];

  const confirms = async () => {
    const scrape = await api.get('/metrics');
    return parsePrometheusText(typeof scrape.body === 'string' ? scrape.body : '').sums.producer_confirms_total;
  };

  beforeAll(async () => {
    log = new Timeline('R1');
    // A broker of this criterion's own: restarting or pausing the run's broker would hit the
    // criterion graded beside this one.
    const own = await startServiceInstance('rabbitmq', BROKER);
    log.note(`started a RabbitMQ of this criterion's own (${BROKER})`);
    broker = managementOf(own.env);
    sink = await startSink();
    env = criterionEnv('r1', sink.url, { PUBLISH_TIMEOUT_MS: String(PUBLISH_TIMEOUT_MS), PREFETCH: '50' }, own.env);
    ({ producer, api } = await startProducer('r1-producer', env));
    log.note('producer ready; no worker runs yet');
  });
  afterAll(async () => {
    if (paused) await unpauseContainer(BROKER).catch(() => {});
    await stopAll([producer, ...workers]);
    await sink?.close();
  });

  test('the exchange and queues are durable, messages persistent, and producer_confirms_total counts every confirm', async () => {
    const before = await confirms();
    const tasks = workTasks('r1-first', 10);
    const answers = await api.postEach(tasks, 5);
    log.note(`POST /tasks × 10 → ${answers.map((a) => a.status).join(' ')}`);
    for (const [i, answer] of answers.entries()) {
      expect(
        answer.status,
        `POST /tasks answers 202 {id, confirmed: true} after the broker's confirm:\n  ${answer.shown}`,
      ).toBe(202);
      expect(answer.body, answer.shown).toMatchObject({ id: tasks[i]?.id, confirmed: true });
      accepted.push(tasks[i]?.id as string);
    }
    const after = await confirms();
    expect(before, 'GET /metrics must have the counter producer_confirms_total').toBeTypeOf('number');
    expect(
      (after ?? 0) - (before ?? 0),
      `producer_confirms_total must grow by one per confirmed task: it went from ${before} to ${after} over 10 confirmed POST /tasks`,
    ).toBe(10);

    const queue = await broker.queue(`${QP}tasks`);
    const dlq = await broker.queue(`${QP}tasks.dlq`);
    const exchange = await broker.exchange(`${QP}tasks`);
    expect(queue, `the producer must declare queue ${QP}tasks at start-up (QUEUE_PREFIX=${QP})`).toBeDefined();
    expect(
      { queue: queue?.durable, dlq: dlq?.durable, exchange: exchange?.durable },
      `the management API shows durable: queue ${QP}tasks, dead-letter queue ${QP}tasks.dlq and exchange ${QP}tasks must all be durable`,
    ).toEqual({ queue: true, dlq: true, exchange: true });
    const [message] = await broker.peek(`${QP}tasks`, 1);
    expect(message, `a task posted with no worker running must wait in ${QP}tasks`).toBeDefined();
    expect(
      message?.properties.delivery_mode,
      `messages must be persistent (delivery_mode 2), or a broker restart loses them; the management API read ${JSON.stringify(message?.properties)}`,
    ).toBe(2);
  });

  test(`with the broker paused, POST /tasks answers 503 after PUBLISH_TIMEOUT_MS=${PUBLISH_TIMEOUT_MS}, never 202; then 202 again`, async () => {
    paused = true;
    await pauseContainer(BROKER);
    log.note(`docker pause ${BROKER}`);
    const tasks = workTasks('r1-paused', 2);
    const answers = await Promise.all(tasks.map((t) => api.postTask(t, PUBLISH_TIMEOUT_MS + 10_000)));
    for (const a of answers) log.note(a.shown);
    await unpauseContainer(BROKER);
    paused = false;
    log.note(`docker unpause ${BROKER}`);
    for (const answer of answers) {
      expect(
        answer.status,
        `while the broker is paused no confirm can come: answer 503 after PUBLISH_TIMEOUT_MS\n${log.told()}`,
      ).toBe(503);
      expect(
        answer.ms,
        `the 503 comes after waiting PUBLISH_TIMEOUT_MS=${PUBLISH_TIMEOUT_MS} for the confirm, not at once\n${log.told()}`,
      ).toBeGreaterThanOrEqual(PUBLISH_TIMEOUT_MS * 0.8);
    }
    const last = await until202(api, { id: 'r1-after-pause', kind: 'work', durationMs: 0 }, 30_000);
    const back = last.status === 202;
    log.note(`after the unpause: ${last.shown}`);
    expect(back, `once the broker answers again, POST /tasks must succeed (202) within 30 s\n${log.told()}`).toBe(true);
    accepted.push('r1-after-pause');
  });

  test(`${TASKS} tasks published with workers stopped survive a restart of the broker and are all processed`, async () => {
    // A queue that is not durable cannot survive the restart: say so now rather than after it.
    const declared = await broker.queue(`${QP}tasks`);
    expect(
      declared?.durable,
      `${QP}tasks must be durable to survive a broker restart (the management API shows durable: ${declared?.durable})`,
    ).toBe(true);
    const tasks = workTasks('r1', TASKS);
    const answers = await api.postEach(tasks, 16);
    const refused = answers.filter((a) => a.status !== 202);
    log.note(`POST /tasks × ${TASKS}: ${TASKS - refused.length} × 202`);
    expect(refused.map((a) => a.shown).slice(0, 3), `all ${TASKS} tasks must be accepted (202)`).toEqual([]);
    accepted.push(...tasks.map((t) => t.id));
    const expected = accepted.length;
    const queued = await waitUntil(
      async () => ((await broker.queue(`${QP}tasks`))?.messages ?? 0) >= expected,
      20_000,
      500,
    );
    log.note(`the management API shows ${(await broker.queue(`${QP}tasks`))?.messages} messages in ${QP}tasks`);
    expect(
      queued,
      `with no worker running, ${QP}tasks must hold the ${expected} accepted tasks (the 2 refused during the pause may be there too)\n${log.told()}`,
    ).toBe(true);

    const restart = await restartContainer(BROKER);
    log.note(`docker restart ${BROKER} (${restart.ms} ms)`);
    let seen: number | undefined;
    // While the broker restarts the queue is not there at all (no count): only a count that stops
    // changing short of what was queued ends the wait early.
    const survived =
      (await waitWhileProgressing(
        async () => {
          seen = (await broker.queueIfUp(`${QP}tasks`))?.messages;
          return (seen ?? 0) >= expected;
        },
        () => seen ?? Date.now(),
        { timeoutMs: 40_000, stallMs: 12_000, intervalMs: 500 },
      )) === 'done';
    log.note(`after the restart the management API shows ${seen ?? 'no'} messages in ${QP}tasks`);
    expect(
      survived,
      `after the restart ${QP}tasks must still hold all ${expected} tasks (durable queue + persistent messages); it shows ${seen ?? 'nothing'}\n${log.told()}`,
    ).toBe(true);

    workers = await startWorkers(['r1-w1', 'r1-w2'], env);
    log.note('started workers r1-w1 and r1-w2');
    const drained = await waitForEffects(sink, accepted, { timeoutMs: 60_000, stallMs: 15_000 });
    const missing = sink.missing(accepted);
    log.note(`the sink has effects for ${accepted.length - missing.length} of ${accepted.length} tasks`);
    expect(
      missing.slice(0, 10),
      `every accepted task must take effect after the restart; ${missing.length} without an effect at the sink${drained.why}\n${log.told()}`,
    ).toEqual([]);
    const after = await until202(api, { id: 'r1-after-restart', kind: 'work', durationMs: 0 }, 20_000);
    log.note(`the producer after the restart: ${after.shown}`);
    expect(
      after.status,
      `the producer must reconnect after a broker restart and accept tasks again\n${log.told()}`,
    ).toBe(202);
  });
});
