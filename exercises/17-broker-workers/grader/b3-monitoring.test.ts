import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  criterion,
  lab,
  parsePrometheusText,
  type StartedLearnerService,
  sleep,
  Timeline,
  waitUntil,
} from '../../../harness/grading/grader-kit.ts';
import { type Management, managementOf } from './support/management.ts';
import { type ProducerClient, workTasks } from './support/producer-client.ts';
import { type Sink, startSink } from './support/sink.ts';
import { criterionEnv, startProducer, startWorkers, stopAll } from './support/stack.ts';

const QP = 'b3.';
const MAIN = `${QP}tasks`;
const DLQ = `${QP}tasks.dlq`;

interface QueueStats {
  depth?: number;
  publishRate?: number;
  deliverRate?: number;
  ackRate?: number;
}
interface Stats {
  queues?: Record<string, QueueStats>;
  dlq?: { depth?: number };
  errors?: Record<string, number>;
}

criterion('B3', 'Monitoring dashboard', () => {
  let log: Timeline;
  let sink: Sink;
  let broker: Management;
  let producer: StartedLearnerService;
  let api: ProducerClient;
  let workers: StartedLearnerService[] = [];
  let env: Record<string, string>;
  const stats = async () => (await api.get('/stats')).body as Stats;

  beforeAll(async () => {
    log = new Timeline('B3');
    broker = managementOf(lab().env);
    sink = await startSink();
    env = criterionEnv('b3', sink.url);
    ({ producer, api } = await startProducer('b3-producer', env));
  });
  afterAll(async () => {
    await stopAll([producer, ...workers]);
    await sink?.close();
  });

  test('idle: GET /stats shows the depths the management API shows, exactly; /metrics has the same gauges', async () => {
    await api.publish(workTasks('b3-idle', 40));
    let mine: Stats = {};
    let theirs: { main?: number; dlq?: number } = {};
    const same = await waitUntil(
      async () => {
        mine = await stats();
        theirs = { main: (await broker.queue(MAIN))?.messages, dlq: (await broker.queue(DLQ))?.messages };
        return theirs.main === 40 && mine.queues?.[MAIN]?.depth === 40 && mine.dlq?.depth === theirs.dlq;
      },
      20_000,
      1000,
    );
    log.note(
      `40 tasks queued, no worker: /stats ${JSON.stringify(mine).slice(0, 300)}; management API ${JSON.stringify(theirs)}`,
    );
    expect(
      same,
      `GET /stats must show depth 40 for ${MAIN} and the DLQ depth of the management API (${theirs.dlq}) within 20 s\n${log.told()}`,
    ).toBe(true);
    const metrics = parsePrometheusText(String((await api.get('/metrics')).body));
    expect(metrics.types, 'GET /metrics must have the gauges of /stats').toMatchObject({
      rabbitmq_queue_depth: 'gauge',
      rabbitmq_queue_publish_rate: 'gauge',
      rabbitmq_queue_deliver_rate: 'gauge',
      rabbitmq_queue_ack_rate: 'gauge',
      rabbitmq_dlq_depth: 'gauge',
    });
  });

  test('under steady load the rates of GET /stats are within 20 % of the management API', async () => {
    workers = await startWorkers(['b3-w1'], env);
    let running = true;
    let n = 0;
    const load = (async () => {
      while (running) {
        void api.postTask({ id: `b3-load-${n++}`, kind: 'work', durationMs: 0 });
        await sleep(50);
      }
    })();
    try {
      await sleep(12_000);
      const checks: string[] = [];
      let ok = false;
      for (let i = 0; i < 4 && !ok; i++) {
        const [mine, theirs] = [await stats(), await broker.queue(MAIN)];
        const m = mine.queues?.[MAIN] ?? {};
        const t = theirs?.message_stats ?? {};
        const pairs = [
          ['publishRate', m.publishRate, t.publish_details?.rate],
          ['deliverRate', m.deliverRate, t.deliver_get_details?.rate],
          ['ackRate', m.ackRate, t.ack_details?.rate],
        ] as const;
        const off = pairs.filter(
          ([, a, b]) => !(typeof a === 'number' && typeof b === 'number' && b > 0 && Math.abs(a - b) <= 0.2 * b),
        );
        checks.push(pairs.map(([k, a, b]) => `${k} ${a} vs ${b}`).join(', '));
        ok = off.length === 0;
        if (!ok) await sleep(2000);
      }
      log.note(`~20 tasks/s: /stats vs management API: ${checks.join(' | ')}`);
      expect(
        ok,
        `publishRate, deliverRate and ackRate of ${MAIN} in /stats must be within 20 % of the management API's rates\n${log.told()}`,
      ).toBe(true);
    } finally {
      running = false;
      await load;
    }
  });

  test('GET /dashboard renders an HTML page', async () => {
    const page = await api.get('/dashboard');
    expect(page.status, page.shown).toBe(200);
    expect(String(page.body), page.shown).toMatch(/<html|<!doctype html/i);
  });
});
