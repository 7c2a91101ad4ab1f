import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  criterion,
  type StartedLearnerService,
  type StoppedLearnerService,
  Timeline,
} from '../../../harness/grading/grader-kit.ts';
import { generateEvents, type PipelineEvent } from './support/events.ts';
import { type GraderProducer, graderProducer, type OutgoingRecord, TopicReader } from './support/grader-kafka.ts';
import { sql } from './support/grader-sql.ts';
import { type CriterionPipeline, criterionPipeline } from './support/pipeline.ts';
import { waitForSink } from './support/sink-progress.ts';
import { sleep, waitFor } from './support/wait-for.ts';

const EVENTS = 5_000;
const MAX_RETRIES = 3;
const RETRY_BASE_MS = 200;
/** 200 + 400 + 800: the poison event may not reach the DLQ before its retries waited this long. */
const BACKOFF_SUM_MS = Array.from({ length: MAX_RETRIES }, (_, n) => RETRY_BASE_MS * 2 ** n).reduce((a, b) => a + b);
const CUT_MS = 10_000;

const record = (event: PipelineEvent): OutgoingRecord => ({ key: event.user_id, value: JSON.stringify(event) });

criterion('R2', 'Consumer with backoff', () => {
  let pipeline: CriterionPipeline;
  let consumer: StartedLearnerService;
  let producer: GraderProducer;
  const timeline = new Timeline('R2');
  /** Whether the consumer wrote anything at all in the first test: if not, the DLQ wait is short. */
  let consumerWrites = false;

  beforeAll(async () => {
    pipeline = await criterionPipeline('r2', {
      env: { MAX_RETRIES: String(MAX_RETRIES), RETRY_BASE_MS: String(RETRY_BASE_MS) },
    });
    producer = await graderProducer();
    consumer = await pipeline.start('r2-consumer', 'consumer');
    timeline.note(
      `consumer started (group ${pipeline.group}, topic ${pipeline.topicEvents}, MAX_RETRIES=${MAX_RETRIES}, RETRY_BASE_MS=${RETRY_BASE_MS})`,
    );
  });
  afterAll(async () => {
    await producer?.disconnect();
    await consumer?.stop();
    await pipeline?.drop();
  });

  test(`${EVENTS} events all reach the sink through a SIGKILL of the consumer during a ${CUT_MS / 1000}-s database cut`, async () => {
    const events = generateEvents(202, EVENTS, { users: 500, tag: 'r2' });
    const rows = () =>
      sql<{ n: string }>(pipeline.db.url, 'SELECT count(*) AS n FROM events')
        .then((r) => Number(r[0]?.n))
        .catch(() => 0);

    await producer.publish(pipeline.topicEvents, events.slice(0, 2_000).map(record));
    timeline.note('published events 1–2000');
    const { rows: early } = await waitForSink(pipeline.db.url, pipeline.group, pipeline.topicEvents, 500, {
      timeoutMs: 90_000,
      stallMs: 15_000,
    });
    timeline.note(`sink holds ${early} rows`);
    consumerWrites = early > 0;
    expect(
      early,
      `${timeline}\nthe consumer wrote fewer than 500 of 2000 events (it stopped making progress, or 90 s passed); output:\n${consumer.output(15)}`,
    ).toBeGreaterThanOrEqual(500);
    await producer.publish(pipeline.topicEvents, events.slice(2_000, 3_000).map(record));
    timeline.note('published events 2001–3000');

    await pipeline.link.cut();
    const cutAt = performance.now();
    timeline.note(`cut the consumer's database link (Toxiproxy) for ${CUT_MS / 1000} s`);
    await producer.publish(pipeline.topicEvents, events.slice(3_000, 4_000).map(record));
    timeline.note('published events 3001–4000 during the cut');
    await sleep(3_000);
    timeline.note(`sink holds ${await rows()} rows; SIGKILL of the consumer while its writes fail`);
    const killed: StoppedLearnerService = await consumer.kill9();
    const restarted = killed.start();
    timeline.note('restarting the consumer');
    await sleep(Math.max(0, CUT_MS - (performance.now() - cutAt)));
    await pipeline.link.restore();
    timeline.note(`restored the database link; sink holds ${await rows()} rows`);
    consumer = await restarted;
    timeline.note('the restarted consumer is ready');
    await producer.publish(pipeline.topicEvents, events.slice(4_000).map(record));
    timeline.note(`published events 4001–${EVENTS}`);

    const progress = await waitForSink(pipeline.db.url, pipeline.group, pipeline.topicEvents, EVENTS, {
      timeoutMs: 150_000,
    });
    timeline.note(`sink holds ${progress.rows} rows; committed/end offsets: ${progress.offsets}`);
    const stored = new Set(
      (await sql<{ id: string }>(pipeline.db.url, 'SELECT event_id::text AS id FROM events')).map((r) => r.id),
    );
    const missing = events.filter((e) => !stored.has(e.event_id));
    expect(
      missing.length,
      `${timeline}\n${missing.length} of ${EVENTS} events never reached the sink (first: ${missing
        .slice(0, 3)
        .map((e) => e.event_id)
        .join(', ')}): ` +
        'commit an offset only after its sink write succeeded, and retry database failures until they succeed' +
        `\nconsumer output:\n${consumer.output(15)}`,
    ).toBe(0);
  });

  test(`a poison event goes to TOPIC_DLQ after ${MAX_RETRIES} spaced retries, with its origin in headers; the consumer moves on`, async () => {
    const dlq = await new TopicReader(pipeline.topicDlq).open();
    try {
      const key = 'u-r2-poison';
      const follower = generateEvents(203, 1, { tag: 'r2-after' }).map((e) => ({
        ...e,
        user_id: key,
      }))[0] as PipelineEvent;
      const publishedAt = performance.now();
      const poison = await producer.publish(pipeline.topicEvents, [{ key, value: '{"event_id": "not json' }]);
      await producer.publish(pipeline.topicEvents, [record(follower)]);
      timeline.note(
        `published a poison record (not JSON) at ${poison?.partition}/${poison?.offset}, then a valid event with the same key`,
      );
      const [dead] = await dlq.until((r) => r.length >= 1, consumerWrites ? 15_000 : 8_000);
      expect(
        dead,
        `${timeline}\nnothing reached ${pipeline.topicDlq} in time; output:\n${consumer.output(15)}`,
      ).toBeDefined();
      if (!dead || !poison) return;
      const elapsed = Math.round((dlq.arrivals.get(`${dead.partition}/${dead.offset}`) ?? 0) - publishedAt);
      timeline.note(
        `the poison record reached the DLQ ${elapsed} ms after it was published; headers ${JSON.stringify(dead.headers)}`,
      );
      expect(dead.value, 'the dead-lettered record keeps the original value').toBe('{"event_id": "not json');
      expect(
        dead.headers['x-error-reason']?.length ?? 0,
        `${timeline}\nx-error-reason says why it failed`,
      ).toBeGreaterThan(0);
      expect(
        {
          attempts: dead.headers['x-attempts'],
          topic: dead.headers['x-original-topic'],
          partition: dead.headers['x-original-partition'],
          offset: dead.headers['x-original-offset'],
        },
        `${timeline}\nheaders of the dead letter (x-attempts = MAX_RETRIES + 1)`,
      ).toEqual({
        attempts: String(MAX_RETRIES + 1),
        topic: pipeline.topicEvents,
        partition: String(poison.partition),
        offset: String(poison.offset),
      });
      expect(
        elapsed,
        `${timeline}\nwith RETRY_BASE_MS=${RETRY_BASE_MS} and MAX_RETRIES=${MAX_RETRIES} the retries wait at least ${BACKOFF_SUM_MS} ms in all: back off between attempts`,
      ).toBeGreaterThanOrEqual(BACKOFF_SUM_MS);
      const after = await waitFor(
        () => sql(pipeline.db.url, 'SELECT 1 FROM events WHERE event_id = $1', [follower.event_id]),
        (r) => r.length === 1,
        30_000,
      );
      expect(
        after.length,
        `${timeline}\nthe valid event after the poison one (same partition) must reach the sink`,
      ).toBe(1);
    } finally {
      await dlq.close();
    }
  });
});
