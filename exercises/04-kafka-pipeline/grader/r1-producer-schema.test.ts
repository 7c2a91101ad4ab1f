import { afterAll, beforeAll, expect, test } from 'vitest';
import { criterion, type StartedLearnerService } from '../../../harness/grading/grader-kit.ts';
import { generateEvents, type PipelineEvent } from './support/events.ts';
import { type ReadRecord, readTopic } from './support/grader-kafka.ts';
import { type IngestAnswer, postAll, show } from './support/ingest-client.ts';
import { type CriterionPipeline, criterionPipeline } from './support/pipeline.ts';

const USERS = 200;
const EVENTS = 2 * USERS;

/** Each invalid event and the field its 400 must name. */
const valid = { user_id: 'u-r1-bad', type: 'view', occurred_at: '2024-05-01T12:00:00.000Z' } as const;
const uuid = (n: number) => `0b0e7c9a-1d2e-4f30-8a4b-${String(n).padStart(12, '0')}`;
const INVALID: ReadonlyArray<{ readonly body: Record<string, unknown>; readonly field: string }> = [
  { body: { ...valid, event_id: 'not-a-uuid' }, field: 'event_id' },
  { body: { ...valid, event_id: uuid(2), user_id: undefined }, field: 'user_id' },
  { body: { ...valid, event_id: uuid(3), type: 'refund' }, field: 'type' },
  { body: { ...valid, event_id: uuid(4), occurred_at: 'yesterday' }, field: 'occurred_at' },
  { body: { ...valid, event_id: uuid(5), type: 'purchase', currency: 'eur' }, field: 'amount' },
  { body: { ...valid, event_id: uuid(6), type: 'purchase', amount: '-3.00', currency: 'eur' }, field: 'amount' },
  { body: { ...valid, event_id: uuid(7), type: 'purchase', amount: '12.50', currency: 'euro' }, field: 'currency' },
  { body: { ...valid, event_id: uuid(8), type: 'view', amount: '1.00', currency: 'eur' }, field: 'amount' },
];

const pathOf = (issue: unknown): string => {
  const path = (issue as { path?: unknown })?.path;
  return Array.isArray(path) ? path.join('.') : String(path ?? '');
};

criterion('R1', 'Producer & schema', () => {
  let pipeline: CriterionPipeline;
  let ingest: StartedLearnerService;
  let events: PipelineEvent[];
  let accepted: IngestAnswer[];
  let refused: IngestAnswer[];
  let records: ReadRecord[];

  beforeAll(async () => {
    pipeline = await criterionPipeline('r1');
    ingest = await pipeline.start('r1-ingest');
    events = generateEvents(101, EVENTS, { users: USERS, tag: 'r1' });
    // Every user gets at least two events: the first USERS events cover each user once, then random.
    events = events.map((e, i) => (i < 2 * USERS ? { ...e, user_id: `u-r1-${i % USERS}` } : e));
    refused = await postAll(
      ingest.url,
      INVALID.map((c) => JSON.parse(JSON.stringify(c.body))),
    );
    refused.push(...(await postAll(ingest.url, ['{"event_id":'])));
    accepted = await postAll(ingest.url, events);
    records = await readTopic(pipeline.topicEvents);
  });
  afterAll(async () => {
    await ingest?.stop();
    await pipeline?.drop();
  });

  test('invalid events are refused with 400 and the path of each bad field', () => {
    INVALID.forEach((c, i) => {
      const answer = refused[i] as IngestAnswer;
      expect(answer.status, show(answer)).toBe(400);
      const issues = (answer.body as { issues?: unknown[] })?.issues;
      expect(Array.isArray(issues), `the 400 body needs issues: [{path, message}]; ${show(answer)}`).toBe(true);
      expect((issues ?? []).map(pathOf), `the issues must name the field "${c.field}"; ${show(answer)}`).toContain(
        c.field,
      );
    });
    const broken = refused[INVALID.length] as IngestAnswer;
    expect(broken.status, `a body that is not JSON is a 400 too; ${show(broken)}`).toBe(400);
  });

  test('valid events are answered 202 {event_id, partition, offset}', () => {
    for (const answer of accepted) {
      expect(answer.status, show(answer)).toBe(202);
      const body = answer.body as { event_id?: string; partition?: unknown; offset?: unknown };
      expect(body.event_id, show(answer)).toBe((answer.sent as PipelineEvent).event_id);
      expect(Number.isInteger(Number(body.partition)), `partition must be an integer; ${show(answer)}`).toBe(true);
      expect(Number.isInteger(Number(body.offset)), `offset must be an integer; ${show(answer)}`).toBe(true);
    }
  });

  test('the topic holds exactly the valid events, each where its 202 said, keyed by user_id', () => {
    const invalidIds = new Set(INVALID.map((c) => String(c.body.event_id)));
    const leaked = records.filter((r) => invalidIds.has(String((JSON.parse(r.value) as PipelineEvent).event_id)));
    expect(
      leaked.map((r) => r.value),
      'a refused event reached the topic',
    ).toEqual([]);
    expect(
      records.length,
      `the grader read ${records.length} records from ${pipeline.topicEvents}; it posted ${EVENTS} valid events`,
    ).toBe(EVENTS);
    const byPlace = new Map(records.map((r) => [`${r.partition}/${r.offset}`, r]));
    for (const answer of accepted) {
      const sent = answer.sent as PipelineEvent;
      const body = answer.body as { partition: unknown; offset: unknown };
      const record = byPlace.get(`${Number(body.partition)}/${Number(body.offset)}`);
      expect(record, `nothing at partition ${body.partition} offset ${body.offset}; ${show(answer)}`).toBeDefined();
      expect(JSON.parse(record?.value ?? '{}'), `the value at that place must be the event; ${show(answer)}`).toEqual(
        sent,
      );
      expect(record?.key, `the record key must be the user_id; ${show(answer)}`).toBe(sent.user_id);
    }
  });

  test(`every event of one user lands on one partition, and ${USERS} users spread over all 6`, () => {
    const partitionsOf = new Map<string, Set<number>>();
    for (const r of records) {
      const user = (JSON.parse(r.value) as PipelineEvent).user_id;
      partitionsOf.set(user, (partitionsOf.get(user) ?? new Set()).add(r.partition));
    }
    const split = [...partitionsOf].filter(([, p]) => p.size > 1).map(([u, p]) => `${u} on ${[...p].join(', ')}`);
    expect(split, 'users whose events went to several partitions (publish with key: user_id)').toEqual([]);
    const used = new Set(records.map((r) => r.partition));
    expect([...used].sort(), `${USERS} users must use all 6 partitions`).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
