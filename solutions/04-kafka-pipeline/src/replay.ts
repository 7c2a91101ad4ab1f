import type { Kafka } from 'kafkajs';
import type pg from 'pg';
import type { ReplayWindow } from './backfill-args.ts';
import { parseMessage } from './event.ts';
import { logger } from './logger.ts';
import { upsertEvents } from './sink.ts';
import { type EventRow, toRow } from './transform.ts';

/** Per partition, the offsets to read: start included, end excluded. */
export type Ranges = Map<number, { start: bigint; end: bigint }>;

export async function rangesOf(kafka: Kafka, topic: string, window: ReplayWindow): Promise<Ranges> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends = await admin.fetchTopicOffsets(topic);
    const ranges: Ranges = new Map();
    if (window.kind === 'offsets') {
      const high = ends.find((p) => p.partition === window.partition);
      if (!high) throw new Error(`topic ${topic} has no partition ${window.partition}`);
      const end = window.toOffset < BigInt(high.high) ? window.toOffset : BigInt(high.high);
      ranges.set(window.partition, { start: window.fromOffset, end });
    } else {
      const starts = await admin.fetchTopicOffsetsByTimestamp(topic, window.fromMs);
      const stops = await admin.fetchTopicOffsetsByTimestamp(topic, window.toMs);
      for (const { partition, offset } of starts) {
        const stop = stops.find((s) => s.partition === partition);
        ranges.set(partition, { start: BigInt(offset), end: BigInt(stop?.offset ?? offset) });
      }
    }
    for (const [partition, range] of ranges) if (range.end <= range.start) ranges.delete(partition);
    return ranges;
  } finally {
    await admin.disconnect();
  }
}

export interface ReplayResult {
  replayed: number;
  upserted: number;
  invalid: number;
}

/**
 * Reads the ranges with a consumer of its own (a throwaway group that never commits and is deleted
 * afterwards), so the live group's offsets stay exactly where they were; upserts idempotently, so
 * rows still present are left alone and only the missing ones come back.
 */
export async function replay(kafka: Kafka, pool: pg.Pool, topic: string, ranges: Ranges): Promise<ReplayResult> {
  const result: ReplayResult = { replayed: 0, upserted: 0, invalid: 0 };
  if (ranges.size === 0) return result;
  const groupId = `backfill.${topic}.${process.pid}.${Date.now()}`;
  const consumer = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 1000 });
  const pending = new Set(ranges.keys());
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      consumer
        .run({
          autoCommit: false,
          eachBatch: async ({ batch }) => {
            const range = ranges.get(batch.partition);
            if (!range || !pending.has(batch.partition)) return;
            const rows: EventRow[] = [];
            for (const message of batch.messages) {
              const offset = BigInt(message.offset);
              if (offset < range.start || offset >= range.end) continue;
              result.replayed++;
              const parsed = parseMessage(message.value);
              if (parsed.ok) rows.push(toRow(parsed.event, batch.partition, message.offset));
              else result.invalid++;
            }
            if (rows.length > 0) result.upserted += (await upsertEvents(pool, rows)).size;
            const last = batch.messages.at(-1);
            if (last && BigInt(last.offset) + 1n >= range.end) {
              pending.delete(batch.partition);
              consumer.pause([{ topic, partitions: [batch.partition] }]);
              if (pending.size === 0) resolve();
            }
          },
        })
        .then(() => {
          for (const [partition, range] of ranges) consumer.seek({ topic, partition, offset: range.start.toString() });
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteGroups([groupId]).catch((error) => logger.warn({ err: error.message }, 'backfill group kept'));
    await admin.disconnect();
  }
  return result;
}
