import { afterAll, beforeAll, expect, test } from 'vitest';
import { criterion, type StartedLearnerService, Timeline } from '../../../harness/grading/grader-kit.ts';
import { expectedRow, generateEvents, type PipelineEvent, seededRandom } from './support/events.ts';
import { graderProducer, type OutgoingRecord, readTopic } from './support/grader-kafka.ts';
import { countEvents, type SinkRow, sinkRows } from './support/grader-sql.ts';
import { type CriterionPipeline, criterionPipeline } from './support/pipeline.ts';
import { type SinkProgress, waitForSink } from './support/sink-progress.ts';
import { waitFor } from './support/wait-for.ts';

const EVENTS = 500;
const record = (event: PipelineEvent): OutgoingRecord => ({ key: event.user_id, value: JSON.stringify(event) });

criterion('R3', 'Transform & sink', () => {
  let pipeline: CriterionPipeline;
  let consumer: StartedLearnerService;
  let events: PipelineEvent[];
  let rows: SinkRow[];
  let progress: SinkProgress;
  /** Where each event_id was published (twice), as `partition/offset`. */
  const places = new Map<string, string[]>();
  const timeline = new Timeline('R3');

  beforeAll(async () => {
    pipeline = await criterionPipeline('r3');
    const producer = await graderProducer();
    try {
      consumer = await pipeline.start('r3-consumer', 'consumer');
      timeline.note('consumer started');
      // Across midnight UTC: event_date must follow occurred_at's UTC date.
      events = generateEvents(303, EVENTS, {
        users: 100,
        tag: 'r3',
        startMs: Date.UTC(2024, 4, 31, 23, 56, 0),
        stepMs: 1_000,
      });
      await producer.publish(pipeline.topicEvents, events.map(record), 100);
      timeline.note(`published ${EVENTS} events`);
      const early = await waitFor(
        () => countEvents(pipeline.db.url),
        (n) => n >= 100,
        // Only when to kill it: a consumer that writes nothing is failed by the count below.
        15_000,
        200,
      );
      timeline.note(`sink holds ${early} rows; SIGKILL of the consumer (what it wrote but did not commit comes again)`);
      const killed = await consumer.kill9();
      consumer = await killed.start();
      timeline.note('consumer restarted');
      const random = seededRandom(304);
      const again = [...events].sort(() => random() - 0.5);
      await producer.publish(pipeline.topicEvents, again.map(record), 100);
      timeline.note(`published the same ${EVENTS} events again (same event_id, shuffled)`);
      progress = await waitForSink(pipeline.db.url, pipeline.group, pipeline.topicEvents, 2 * EVENTS, {
        timeoutMs: 120_000,
        settleMs: 5_000,
        // A consumer that wrote nothing in the first 15 s is not working: do not wait out a rebalance for it.
        stallMs: early === 0 ? 5_000 : 45_000,
      });
      timeline.note(`sink holds ${progress.rows} rows; committed/end offsets: ${progress.offsets}`);
      for (const r of await readTopic(pipeline.topicEvents)) {
        const id = (JSON.parse(r.value) as PipelineEvent).event_id;
        places.set(id, [...(places.get(id) ?? []), `${r.partition}/${r.offset}`]);
      }
      rows = await sinkRows(pipeline.db.url);
    } finally {
      await producer.disconnect();
    }
  });
  afterAll(async () => {
    await consumer?.stop();
    await pipeline?.drop();
  });

  test(`${EVENTS} events published twice, with redeliveries, leave exactly ${EVENTS} rows`, () => {
    expect(progress.caughtUp, `${timeline}\nthe consumer group must commit up to the end of the topic`).toBe(true);
    const counts = new Map<string, number>();
    for (const r of rows) counts.set(r.event_id, (counts.get(r.event_id) ?? 0) + 1);
    const doubled = [...counts].filter(([, n]) => n > 1).map(([id]) => id);
    expect(doubled.slice(0, 5), `${timeline}\nevent_ids stored more than once: upsert on event_id`).toEqual([]);
    const missing = events.filter((e) => !counts.has(e.event_id)).map((e) => e.event_id);
    expect(missing.slice(0, 5), `${timeline}\nevents missing from the sink`).toEqual([]);
    expect(rows.length, `${timeline}`).toBe(EVENTS);
  });

  test('each row carries the transform: amount_cents, upper-case currency, the UTC event_date, its partition and offset', () => {
    const byId = new Map(rows.map((r) => [r.event_id, r]));
    for (const event of events) {
      const row = byId.get(event.event_id);
      if (!row) continue;
      const { kafka_partition, kafka_offset, ...transformed } = row;
      expect(transformed, `the row of ${JSON.stringify(event)}`).toEqual(expectedRow(event));
      expect(
        places.get(event.event_id),
        `the row of ${event.event_id} says partition ${kafka_partition} offset ${kafka_offset}: it must be one of the places the event was published`,
      ).toContain(`${kafka_partition}/${kafka_offset}`);
    }
  });
});
