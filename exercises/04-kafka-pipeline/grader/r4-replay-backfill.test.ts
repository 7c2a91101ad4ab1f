import { afterAll, beforeAll, expect, test } from 'vitest';
import { criterion, invokeJson, type StartedLearnerService, Timeline } from '../../../harness/grading/grader-kit.ts';
import { scrapePipeline, showLag } from './support/consumer-metrics.ts';
import { generateEvents, type PipelineEvent, seededRandom } from './support/events.ts';
import { committedOffsets, graderProducer, highWatermarks, type OutgoingRecord } from './support/grader-kafka.ts';
import { countEvents, sinkRows, sql } from './support/grader-sql.ts';
import { type CriterionPipeline, criterionPipeline } from './support/pipeline.ts';
import { waitForSink } from './support/sink-progress.ts';
import { waitFor } from './support/wait-for.ts';

const EVENTS = 1_000;
const BASE_MS = Date.UTC(2024, 5, 1, 10, 0, 0);
/** The backfill window: events 300–449 (occurred_at and record timestamp at +i s +250 ms). */
const WINDOW = { from: BASE_MS + 300_000, to: BASE_MS + 450_000 } as const;
const IN_WINDOW = 150;
const DELETED = 100;
const MAX_RETRIES = 2;
const POISON = ['not json at all', JSON.stringify({ event_id: 'x', type: 'purchase' })];
/** Published while the consumer is frozen; its lag must show them. */
const WHILE_FROZEN = 300;

const record = (event: PipelineEvent): OutgoingRecord => ({
  key: event.user_id,
  value: JSON.stringify(event),
  timestamp: Date.parse(event.occurred_at),
});

const sameOffsets = (a: Map<number, number>, b: Map<number, number>) =>
  JSON.stringify([...a]) === JSON.stringify([...b]);

criterion('R4', 'Replay & backfill', () => {
  let pipeline: CriterionPipeline;
  let consumer: StartedLearnerService;
  let events: PipelineEvent[];
  const timeline = new Timeline('R4');

  beforeAll(async () => {
    pipeline = await criterionPipeline('r4', { env: { MAX_RETRIES: String(MAX_RETRIES), RETRY_BASE_MS: '50' } });
    consumer = await pipeline.start('r4-consumer', 'consumer');
    const producer = await graderProducer();
    try {
      events = generateEvents(404, EVENTS, { users: 120, tag: 'r4', startMs: BASE_MS, stepMs: 1_000 });
      await producer.publish(pipeline.topicEvents, events.map(record));
      // After the window (by timestamp): the backfill never meets them.
      await producer.publish(
        pipeline.topicEvents,
        POISON.map((value, i) => ({ key: `u-r4-poison-${i}`, value, timestamp: BASE_MS + 2_000_000 })),
      );
      timeline.note(`published ${EVENTS} events (record timestamp = occurred_at) and ${POISON.length} poison records`);
    } finally {
      await producer.disconnect();
    }
    const progress = await waitForSink(pipeline.db.url, pipeline.group, pipeline.topicEvents, EVENTS, {
      timeoutMs: 90_000,
      stallMs: 15_000,
    });
    timeline.note(`sink holds ${progress.rows} rows; committed/end offsets: ${progress.offsets}`);
  });
  afterAll(async () => {
    await consumer?.stop();
    await pipeline?.drop();
  });

  test(`backfill of a time window brings back the ${DELETED} deleted rows, identical, and leaves the group's offsets alone`, async () => {
    const settled = await waitForSink(pipeline.db.url, pipeline.group, pipeline.topicEvents, Number.POSITIVE_INFINITY, {
      timeoutMs: 30_000,
      settleMs: 2_000,
      stallMs: 10_000,
    });
    expect(settled.caughtUp, `${timeline}\nthe consumer must have committed up to the end before the backfill`).toBe(
      true,
    );
    const random = seededRandom(405);
    const inWindow = events.slice(300, 300 + IN_WINDOW);
    const victims = [...inWindow]
      .sort(() => random() - 0.5)
      .slice(0, DELETED)
      .map((e) => e.event_id);
    const before = await sinkRows(pipeline.db.url, 'event_id = ANY($1::uuid[])', [victims]);
    expect(before.length, `${timeline}\nthe rows to delete must be in the sink first`).toBe(DELETED);
    const offsetsBefore = await committedOffsets(pipeline.group, pipeline.topicEvents);
    await sql(pipeline.db.url, 'DELETE FROM events WHERE event_id = ANY($1::uuid[])', [victims]);
    const args = ['--from-time', new Date(WINDOW.from).toISOString(), '--to-time', new Date(WINDOW.to).toISOString()];
    timeline.note(`deleted ${DELETED} rows of the window; running backfill ${args.join(' ')}`);
    const answer = await invokeJson<{ replayed?: number; upserted?: number }>('backfill', args, {
      env: pipeline.env,
      timeoutMs: 40_000,
    });
    timeline.note(`backfill printed ${JSON.stringify(answer)}`);
    const after = await sinkRows(pipeline.db.url, 'event_id = ANY($1::uuid[])', [victims]);
    expect(after, `${timeline}\nthe deleted rows must come back with identical values (processed_at aside)`).toEqual(
      before,
    );
    expect(await countEvents(pipeline.db.url), `${timeline}\nthe backfill must not add or duplicate rows`).toBe(EVENTS);
    expect(answer.replayed, `${timeline}\nreplayed counts the records of the window: ${IN_WINDOW}`).toBe(IN_WINDOW);
    expect(typeof answer.upserted, `${timeline}\nupserted is a number`).toBe('number');
    const offsetsAfter = await committedOffsets(pipeline.group, pipeline.topicEvents);
    expect(
      sameOffsets(offsetsAfter, offsetsBefore),
      `${timeline}\nthe live group's committed offsets changed from ${JSON.stringify([...offsetsBefore])} to ${JSON.stringify([...offsetsAfter])}: replay with a consumer of your own`,
    ).toBe(true);
  });

  test('/metrics counts what was processed, retried and dead-lettered, and shows the lag while the consumer is frozen', async () => {
    const first = await scrapePipeline(consumer.url);
    timeline.note(
      `scraped: processed ${first.processed}, retried ${first.retried}, dead-lettered ${first.deadLettered}, lag ${showLag(first.lag)}`,
    );
    expect(
      first.processed,
      `${timeline}\npipeline_events_processed_total after ${EVENTS} events`,
    ).toBeGreaterThanOrEqual(EVENTS);
    expect(
      first.processed,
      `${timeline}\npipeline_events_processed_total counts events, not batches or poison`,
    ).toBeLessThan(EVENTS * 1.1);
    expect(
      first.deadLettered,
      `${timeline}\npipeline_events_dead_lettered_total after ${POISON.length} poison records`,
    ).toBe(POISON.length);
    expect(
      first.retried,
      `${timeline}\npipeline_events_retried_total: MAX_RETRIES=${MAX_RETRIES} per poison record`,
    ).toBeGreaterThanOrEqual(POISON.length * MAX_RETRIES);
    expect(showLag(first.lag), `${timeline}\nnothing is left unconsumed`).toBe(
      showLag(new Map([0, 1, 2, 3, 4, 5].map((p) => [p, 0]))),
    );

    await consumer.pause();
    timeline.note('SIGSTOP of the consumer');
    const producer = await graderProducer();
    try {
      const more = generateEvents(406, WHILE_FROZEN, { users: 120, tag: 'r4', startMs: BASE_MS + 3_000_000 });
      await producer.publish(pipeline.topicEvents, more.map(record));
    } finally {
      await producer.disconnect();
    }
    // With its database cut the consumer cannot write, so it cannot commit: the lag stays put.
    await pipeline.link.cut();
    const [ends, committed] = await Promise.all([
      highWatermarks(pipeline.topicEvents),
      committedOffsets(pipeline.group, pipeline.topicEvents),
    ]);
    const expected = new Map([...ends].map(([p, end]) => [p, end - (committed.get(p) ?? 0)]));
    timeline.note(
      `published ${WHILE_FROZEN} events, cut the consumer's database, SIGCONT; lag by the broker: ${showLag(expected)}`,
    );
    await consumer.resume();
    expect(
      [...expected.values()].reduce((a, b) => a + b),
      `${timeline}\n(grader) lag by the broker`,
    ).toBe(WHILE_FROZEN);
    const frozen = await waitFor(
      () => scrapePipeline(consumer.url).catch(() => undefined),
      (m) => m !== undefined && showLag(m.lag) === showLag(expected),
      30_000,
    );
    timeline.note(`scraped lag ${frozen ? showLag(frozen.lag) : '(no answer)'}`);
    expect(
      frozen ? showLag(frozen.lag) : '(GET /metrics did not answer)',
      `${timeline}\npipeline_consumer_lag{partition} = end offset − committed offset of CONSUMER_GROUP`,
    ).toBe(showLag(expected));
    await pipeline.link.restore();
    timeline.note('restored the database link');
    const drained = await waitFor(
      () => scrapePipeline(consumer.url).catch(() => undefined),
      (m) => m !== undefined && [...m.lag.values()].every((n) => n === 0) && m.processed >= EVENTS + WHILE_FROZEN,
      60_000,
      1_000,
    );
    timeline.note(`scraped: processed ${drained?.processed}, lag ${drained ? showLag(drained.lag) : '(no answer)'}`);
    expect(drained?.processed, `${timeline}\nprocessed_total once the consumer caught up`).toBeGreaterThanOrEqual(
      EVENTS + WHILE_FROZEN,
    );
    expect(drained ? showLag(drained.lag) : '', `${timeline}\nthe lag goes back to 0`).toBe(
      showLag(new Map([0, 1, 2, 3, 4, 5].map((p) => [p, 0]))),
    );
  });
});
