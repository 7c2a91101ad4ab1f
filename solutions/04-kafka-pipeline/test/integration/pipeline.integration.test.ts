import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { type Kafka, Partitioners, type Producer } from 'kafkajs';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Config, loadConfig } from '../../src/config.ts';
import { writeBatch } from '../../src/event-sink.ts';
import { buildIngestApp } from '../../src/ingest-app.ts';
import { ensureTopics, kafkaClient } from '../../src/kafka.ts';
import { logger } from '../../src/logger.ts';
import { createPool, createSchema } from '../../src/sink.ts';
import { toRow } from '../../src/transform.ts';

// Talk to the real Kafka of KAFKA_BROKERS and the Postgres of DATABASE_URL; skipped without them.
const brokers = process.env.KAFKA_BROKERS;
const url = process.env.DATABASE_URL;
// Topics, group and rows of this run only, removed afterwards.
const run = `${process.env.KAFKA_PREFIX ?? ''}it.${randomBytes(4).toString('hex')}.`;

describe.skipIf(!brokers)('ingest against Kafka', () => {
  let kafka: Kafka;
  let producer: Producer;
  let app: FastifyInstance;
  const topic = `${run}events`;

  beforeAll(async () => {
    const config = loadConfig({ KAFKA_BROKERS: brokers, KAFKA_PREFIX: run });
    kafka = kafkaClient(config, 'integration-test');
    await ensureTopics(kafka, [topic]);
    producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    app = buildIngestApp(producer, topic);
  });
  afterAll(async () => {
    await app?.close();
    await producer?.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => {});
    await admin.disconnect();
  });

  test('a valid event is acknowledged with its partition and offset, the same user on the same partition', async () => {
    const post = (user: string) =>
      app.inject({
        method: 'POST',
        url: '/events',
        payload: { event_id: randomUUID(), user_id: user, type: 'click', occurred_at: new Date().toISOString() },
      });
    const [first, second] = [await post('u-7'), await post('u-7')];
    expect(first.statusCode).toBe(202);
    expect(second.json().partition).toBe(first.json().partition);
    expect(BigInt(second.json().offset)).toBe(BigInt(first.json().offset) + 1n);
  });

  test('an invalid event is refused with 400 and its field paths', async () => {
    const answer = await app.inject({ method: 'POST', url: '/events', payload: { type: 'purchase' } });
    expect(answer.statusCode).toBe(400);
    expect(answer.json().issues.map((i: { path: string }) => i.path)).toContain('amount');
  });
});

describe.skipIf(!url)('the sink against Postgres', () => {
  let pool: pg.Pool;
  const config: Config = { ...loadConfig({ KAFKA_BROKERS: 'unused:9092' }), consumerGroup: `${run}sink` };
  const topic = `${run}events`;
  const ids = [randomUUID(), randomUUID()];

  beforeAll(async () => {
    pool = createPool(url ?? '', logger);
    await createSchema(pool);
  });
  afterAll(async () => {
    await pool?.query('DELETE FROM events WHERE event_id = ANY($1)', [ids]);
    await pool?.query('DELETE FROM stream_watermarks WHERE consumer_group = $1', [config.consumerGroup]);
    await pool?.end();
  });

  test('writing a batch twice leaves one row per event_id', async () => {
    const rows = ids.map((id, i) =>
      toRow(
        {
          event_id: id,
          user_id: 'u-1',
          type: 'purchase',
          occurred_at: '2024-05-01T12:00:00Z',
          amount: '2.50',
          currency: 'eur',
        },
        1,
        String(i),
      ),
    );
    expect((await writeBatch(pool, config, topic, rows)).inserted).toBe(2);
    expect((await writeBatch(pool, config, topic, rows)).inserted).toBe(0);
    const { rows: stored } = await pool.query('SELECT amount_cents, currency FROM events WHERE event_id = ANY($1)', [
      ids,
    ]);
    expect(stored).toEqual([
      { amount_cents: '250', currency: 'EUR' },
      { amount_cents: '250', currency: 'EUR' },
    ]);
  });
});
