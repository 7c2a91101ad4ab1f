import { afterAll, beforeAll, expect, test } from 'vitest';
import { criterion, type StartedLearnerService, Timeline } from '../../../harness/grading/grader-kit.ts';
import { computeWindows } from './support/event-windows.ts';
import { generateEvents, type PipelineEvent, seededRandom } from './support/events.ts';
import { graderProducer } from './support/grader-kafka.ts';
import { sql } from './support/grader-sql.ts';
import { type CriterionPipeline, criterionPipeline } from './support/pipeline.ts';
import { waitForSink } from './support/sink-progress.ts';

const WINDOW_SECONDS = 10;
const LATENESS_SECONDS = 5;
const EVENTS = 600;
/** Each event is published up to this much event time after it happened: some of them too late. */
const MAX_DELAY_MS = 14_000;

criterion('B2', 'Out-of-order handling', () => {
  let pipeline: CriterionPipeline;
  let consumer: StartedLearnerService;
  let stream: PipelineEvent[];
  const timeline = new Timeline('B2');

  beforeAll(async () => {
    // One partition: the order of publication is the order of arrival, so the grader can compute it too.
    pipeline = await criterionPipeline('b2', {
      partitions: 1,
      env: { WINDOW_SECONDS: String(WINDOW_SECONDS), ALLOWED_LATENESS_SECONDS: String(LATENESS_SECONDS) },
    });
    consumer = await pipeline.start('b2-consumer', 'consumer');
    const random = seededRandom(505);
    const events = generateEvents(504, EVENTS, {
      users: 50,
      tag: 'b2',
      startMs: Date.UTC(2024, 6, 1, 8, 0, 0),
      stepMs: 500,
    });
    stream = events
      .map((event) => ({ event, arrival: Date.parse(event.occurred_at) + random() * MAX_DELAY_MS }))
      .sort((a, b) => a.arrival - b.arrival)
      .map((a) => a.event);
    const producer = await graderProducer();
    try {
      await producer.publish(
        pipeline.topicEvents,
        stream.map((e) => ({ key: e.user_id, value: JSON.stringify(e) })),
        100,
      );
    } finally {
      await producer.disconnect();
    }
    timeline.note(`published ${EVENTS} events, shuffled by up to ${MAX_DELAY_MS} ms of event time, to one partition`);
    const progress = await waitForSink(pipeline.db.url, pipeline.group, pipeline.topicEvents, EVENTS, {
      timeoutMs: 90_000,
      settleMs: 3_000,
      stallMs: 15_000,
    });
    timeline.note(`committed/end offsets: ${progress.offsets}; events rows: ${progress.rows}`);
  });
  afterAll(async () => {
    await consumer?.stop();
    await pipeline?.drop();
  });

  test('every final window equals the grader’s own computation', async () => {
    const { final } = computeWindows(stream, WINDOW_SECONDS, LATENESS_SECONDS);
    const rows = await sql<{ at: string; type: string; events: number; amount_cents: string }>(
      pipeline.db.url,
      `SELECT to_char(window_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at, type, events, amount_cents::text
         FROM event_windows WHERE final ORDER BY 1, 2`,
    ).catch((error: Error) => {
      throw new Error(`${timeline}\nreading event_windows failed: ${error.message}`);
    });
    const actual = Object.fromEntries(
      rows.map((r) => [`${r.at} ${r.type}`, { events: Number(r.events), amountCents: Number(r.amount_cents) }]),
    );
    expect(
      actual,
      `${timeline}\nfinal windows (window_start type → counts) differ from the grader's computation`,
    ).toEqual(Object.fromEntries(final));
  });

  test('events later than the allowed lateness are not counted and land in late_events', async () => {
    const { late } = computeWindows(stream, WINDOW_SECONDS, LATENESS_SECONDS);
    expect(late.length, 'the grader’s stream has late events (grader check)').toBeGreaterThan(5);
    const rows = await sql<{ id: string }>(pipeline.db.url, 'SELECT event_id::text AS id FROM late_events ORDER BY 1');
    expect(
      rows.map((r) => r.id),
      `${timeline}\nlate_events must hold exactly the late events`,
    ).toEqual(late.map((e) => e.event_id).sort());
  });
});
