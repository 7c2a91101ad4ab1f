import { afterAll, beforeAll, expect, test } from 'vitest';
import { criterion, type StartedLearnerService, Timeline } from '../../../harness/grading/grader-kit.ts';
import { generateEvents } from './support/events.ts';
import {
  committedOffsets,
  graderProducer,
  highWatermarks,
  type ReadRecord,
  TopicReader,
} from './support/grader-kafka.ts';
import { type CriterionPipeline, criterionPipeline } from './support/pipeline.ts';
import { sleep, waitFor } from './support/wait-for.ts';

const EVENTS = 10_000;
const KILLS = 5;

const idOf = (r: ReadRecord): string => {
  try {
    return String((JSON.parse(r.value) as { event_id?: unknown }).event_id);
  } catch {
    return `(not JSON at ${r.partition}/${r.offset})`;
  }
};

criterion('B3', 'Exactly-once (concept → demo)', () => {
  let pipeline: CriterionPipeline;
  let processor: StartedLearnerService;
  let output: TopicReader;
  const events = generateEvents(606, EVENTS, { users: 300, tag: 'b3' });
  const timeline = new Timeline('B3');

  beforeAll(async () => {
    pipeline = await criterionPipeline('b3');
    output = await new TopicReader(pipeline.topicOutput, { readCommitted: true }).open();
    processor = await pipeline.start('b3-processor', 'processor');
    timeline.note(`processor started (group ${pipeline.group}); reading ${pipeline.topicOutput} read_committed`);
    const producer = await graderProducer();
    const chunk = EVENTS / (KILLS + 1);
    try {
      for (let k = 0; k <= KILLS; k++) {
        const part = events.slice(k * chunk, (k + 1) * chunk);
        const seen = output.records.length;
        await producer.publish(
          pipeline.topicEvents,
          part.map((e) => ({ key: e.user_id, value: JSON.stringify(e) })),
          250,
        );
        timeline.note(`published events ${k * chunk + 1}–${(k + 1) * chunk}`);
        if (k === KILLS) break;
        // Kill it mid-chunk when the output moves, or after 2 s in any case.
        await waitFor(
          async () => output.records.length,
          (n) => n >= seen + chunk / 4,
          2_000,
          50,
        );
        const killed = await processor.kill9();
        timeline.note(`SIGKILL ${k + 1} of the processor (output so far: ${output.records.length} committed records)`);
        processor = await killed.start();
        timeline.note('processor restarted');
      }
    } finally {
      await producer.disconnect();
    }
    const ends = await highWatermarks(pipeline.topicEvents);
    await waitFor(
      () => committedOffsets(pipeline.group, pipeline.topicEvents),
      (c) => [...ends].every(([p, end]) => c.get(p) === end),
      120_000,
      1_000,
    );
    await output.until((r) => new Set(r.map(idOf)).size >= EVENTS, 30_000);
    // Anything that would come twice comes now.
    await sleep(3_000);
    timeline.note(`read ${output.records.length} committed output records`);
  });
  afterAll(async () => {
    await output?.close();
    await processor?.stop();
    await pipeline?.drop();
  });

  test(`after ${KILLS} SIGKILLs, a read_committed consumer of TOPIC_OUTPUT sees each of ${EVENTS} events exactly once`, async () => {
    const counts = new Map<string, number>();
    for (const r of output.records) counts.set(idOf(r), (counts.get(idOf(r)) ?? 0) + 1);
    const duplicated = [...counts].filter(([, n]) => n > 1);
    const missing = events.filter((e) => !counts.has(e.event_id));
    expect(
      {
        duplicated: duplicated.length,
        missing: missing.length,
        firstDuplicated: duplicated.slice(0, 3).map(([id, n]) => `${id} ×${n}`),
      },
      `${timeline}\nsend the output and the consumer offsets in one transaction (sendOffsets), and use a stable transactionalId`,
    ).toEqual({ duplicated: 0, missing: 0, firstDuplicated: [] });
    expect(output.records.length, timeline.toString()).toBe(EVENTS);
  });
});
