import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  criterion,
  lab,
  type StartedLearnerService,
  sleep,
  Timeline,
  waitUntil,
} from '../../../harness/grading/grader-kit.ts';
import { type Management, managementOf, type PeekedMessage } from './support/management.ts';
import type { ProducerClient } from './support/producer-client.ts';
import { publishRaw } from './support/publish-raw.ts';
import { type Sink, startSink } from './support/sink.ts';
import { criterionEnv, startProducer, startWorkers, stopAll } from './support/stack.ts';

const QP = 'r3.';
const MAX_RETRIES = 2;
/** The poison the grader publishes, and the reason each must carry in the DLQ. */
const POISON = [
  { body: 'not json {', reason: 'invalid-json' },
  { body: JSON.stringify({ id: 'r3-unknown', kind: 'explode' }), reason: 'unknown-kind' },
  { body: JSON.stringify({ kind: 'work', durationMs: 0 }), reason: 'missing-id' },
] as const;
const FLAKY = { id: 'r3-flaky', kind: 'flaky', failTimes: 10 };
const RECOVERS = { id: 'r3-recovers', kind: 'flaky', failTimes: 1 };

const header = (m: PeekedMessage | undefined, name: string) => m?.properties.headers?.[name];
const describe = (m: PeekedMessage | undefined) =>
  m ? `body ${m.payload.slice(0, 80)} headers ${JSON.stringify(m.properties.headers ?? {})}` : 'nothing';

criterion('R3', 'DLQ routing', () => {
  let log: Timeline;
  let sink: Sink;
  let broker: Management;
  let producer: StartedLearnerService;
  let api: ProducerClient;
  let workers: StartedLearnerService[] = [];
  let dead: PeekedMessage[] = [];

  beforeAll(async () => {
    log = new Timeline('R3');
    broker = managementOf(lab().env);
    sink = await startSink();
    const env = criterionEnv('r3', sink.url, { MAX_RETRIES: String(MAX_RETRIES), RETRY_DELAYS_MS: '200' });
    ({ producer, api } = await startProducer('r3-producer', env));
    workers = await startWorkers(['r3-w1', 'r3-w2'], env);
    await publishRaw(
      lab().env.RABBITMQ_URL ?? '',
      `${QP}tasks`,
      POISON.map((p) => p.body),
    );
    log.note(
      `published ${POISON.length} poison messages straight to ${QP}tasks: ${POISON.map((p) => p.body).join(' | ')}`,
    );
    for (const task of [FLAKY, RECOVERS]) log.note((await api.postTask(task)).shown);
    const expected = POISON.length + 1;
    // …or until the flaky task is clearly looping (more attempts than it may ever get): no need to wait longer.
    await waitUntil(
      async () =>
        ((await broker.queue(`${QP}tasks.dlq`))?.messages ?? 0) >= expected ||
        sink.attempts(FLAKY.id).length > MAX_RETRIES + 3,
      20_000,
      500,
    );
    await waitUntil(() => sink.effects(RECOVERS.id).length > 0, 10_000, 100);
    // Watch a while longer: anything still looping shows up as more attempts or more dead letters.
    await sleep(3_000);
    dead = await broker.peek(`${QP}tasks.dlq`, 20);
    log.note(`${QP}tasks.dlq holds ${dead.length}: ${dead.map((m) => header(m, 'x-error-reason')).join(', ')}`);
  });
  afterAll(async () => {
    await stopAll([producer, ...workers]);
    await sink?.close();
  });

  for (const poison of POISON) {
    test(`poison ${poison.body} lands in the DLQ once, with x-error-reason ${poison.reason}, x-original-queue and x-attempts`, () => {
      const copies = dead.filter((m) => m.payload === poison.body);
      expect(
        copies.length,
        `${QP}tasks.dlq must hold the poison message ${poison.body} exactly once (the original body); it holds: ${dead.map(describe).join('; ') || 'nothing'}\n${log.told()}`,
      ).toBe(1);
      expect(
        {
          'x-error-reason': header(copies[0], 'x-error-reason'),
          'x-original-queue': header(copies[0], 'x-original-queue'),
          'x-attempts': Number(header(copies[0], 'x-attempts')),
        },
        `the dead letter must say why and where from: ${describe(copies[0])}`,
      ).toEqual({ 'x-error-reason': poison.reason, 'x-original-queue': `${QP}tasks`, 'x-attempts': 1 });
    });
  }

  test(`a task failing more than MAX_RETRIES=${MAX_RETRIES} times is attempted ${MAX_RETRIES + 1} times, then dead-lettered with max-retries-exceeded`, () => {
    const attempts = sink.attempts(FLAKY.id);
    log.note(`attempts of ${FLAKY.id} at the sink: ${attempts.length}`);
    const copies = dead.filter((m) => m.payload.includes(FLAKY.id));
    expect(
      attempts.length,
      `${FLAKY.id} (failTimes ${FLAKY.failTimes}) must be attempted exactly MAX_RETRIES + 1 = ${MAX_RETRIES + 1} times, then stop; the sink counted ${attempts.length} attempts\n${log.told()}`,
    ).toBe(MAX_RETRIES + 1);
    expect(
      copies.length,
      `${FLAKY.id} must be in ${QP}tasks.dlq exactly once; it holds: ${dead.map(describe).join('; ')}`,
    ).toBe(1);
    expect(
      {
        'x-error-reason': header(copies[0], 'x-error-reason'),
        'x-original-queue': header(copies[0], 'x-original-queue'),
        'x-attempts': Number(header(copies[0], 'x-attempts')),
      },
      describe(copies[0]),
    ).toEqual({
      'x-error-reason': 'max-retries-exceeded',
      'x-original-queue': `${QP}tasks`,
      'x-attempts': MAX_RETRIES + 1,
    });
    expect(sink.effects(FLAKY.id), `a task that never succeeded has no effect`).toEqual([]);
  });

  test('a task that fails once is retried and takes effect once; nothing is redelivered by the broker', async () => {
    expect(
      { attempts: sink.attempts(RECOVERS.id).length, effects: sink.effects(RECOVERS.id).length },
      `${RECOVERS.id} (failTimes 1) must fail once, be retried, and take effect once\n${log.told()}`,
    ).toEqual({ attempts: 2, effects: 1 });
    const queue = await broker.queue(`${QP}tasks`);
    const redelivered = queue?.message_stats?.redeliver ?? 0;
    log.note(`${QP}tasks: redeliveries counted by the broker: ${redelivered}`);
    expect(
      redelivered,
      `no message may be requeued (nack with requeue) — poison is dead-lettered at once, a retry is a new publish to a retry queue; the broker counted ${redelivered} redeliveries on ${QP}tasks`,
    ).toBe(0);
  });
});
