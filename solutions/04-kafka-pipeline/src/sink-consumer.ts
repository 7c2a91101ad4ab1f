import { type Consumer, type Kafka, type KafkaMessage, Partitioners, type Producer } from 'kafkajs';
import type pg from 'pg';
import { backoffDelay, sleepWithHeartbeat } from './backoff.ts';
import type { Config } from './config.ts';
import { parseMessage } from './event.ts';
import { writeBatch } from './event-sink.ts';
import { logger } from './logger.ts';
import { eventsDeadLettered, eventsProcessed, eventsRetried, lateEvents, sinkRetries } from './metrics.ts';
import { type EventRow, toRow } from './transform.ts';

/** Longest pause between two attempts to reach a database that is down. */
const SINK_RETRY_CAP_MS = 2000;

export interface SinkConsumer {
  consumer: Consumer;
  dlq: Producer;
  /** Resolves once the consumer has joined its group. */
  joined: Promise<void>;
}

interface BatchTools {
  heartbeat(): Promise<void>;
  isRunning(): boolean;
  isStale(): boolean;
}

/**
 * The sink consumer: at-least-once. A batch's offsets are committed only after its rows are in
 * Postgres and its poison messages are on the DLQ, so a crash anywhere before that means the batch
 * is delivered again, and the idempotent upsert makes that harmless.
 */
export async function startSinkConsumer(kafka: Kafka, pool: pg.Pool, config: Config): Promise<SinkConsumer> {
  const topic = config.topicEvents;
  // A short session so a SIGKILLed member's partitions move to a live one within seconds.
  const consumer = kafka.consumer({
    groupId: config.consumerGroup,
    sessionTimeout: 10_000,
    heartbeatInterval: 1000,
    rebalanceTimeout: 20_000,
    allowAutoTopicCreation: false,
  });
  const dlq = kafka.producer({ allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
  await dlq.connect();
  await consumer.connect();
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  await consumer.subscribe({ topic, fromBeginning: true });

  /** Writes until it works: a database outage is transient, never a reason to skip or to crash. */
  async function writeWithRetry(rows: EventRow[], tools: BatchTools): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await writeBatch(pool, config, topic, rows);
        eventsProcessed.inc(rows.length);
        lateEvents.inc(result.late);
        return true;
      } catch (error) {
        if (!tools.isRunning() || tools.isStale()) return false;
        sinkRetries.inc();
        const delay = backoffDelay(attempt, Math.max(config.retryBaseMs, 50), SINK_RETRY_CAP_MS);
        logger.warn({ err: (error as Error).message, attempt, delayMs: delay }, 'sink write failed, retrying');
        await sleepWithHeartbeat(delay, tools.heartbeat);
      }
    }
  }

  /** Retries a message that failed for its own reason MAX_RETRIES times, spaced, then dead-letters it. */
  async function retryOrDeadLetter(message: KafkaMessage, partition: number, tools: BatchTools): Promise<EventRow[]> {
    let reason = '';
    for (let retry = 0; retry <= config.maxRetries; retry++) {
      if (retry > 0) {
        await sleepWithHeartbeat(backoffDelay(retry, config.retryBaseMs), tools.heartbeat);
        eventsRetried.inc();
      }
      const parsed = parseMessage(message.value);
      if (parsed.ok) return [toRow(parsed.event, partition, message.offset)];
      reason = parsed.reason;
    }
    await dlq.send({
      topic: config.topicDlq,
      acks: -1,
      messages: [
        {
          key: message.key,
          value: message.value,
          headers: {
            'x-error-reason': reason,
            'x-attempts': String(config.maxRetries + 1),
            'x-original-topic': topic,
            'x-original-partition': String(partition),
            'x-original-offset': message.offset,
          },
        },
      ],
    });
    eventsDeadLettered.inc();
    logger.warn({ partition, offset: message.offset, reason }, 'poison message sent to the dead-letter topic');
    return [];
  }

  await consumer.run({
    eachBatchAutoResolve: false,
    // commitOffsetsIfNecessary() then commits every resolved offset at once, right after the write.
    autoCommitThreshold: 1,
    eachBatch: async ({ batch, resolveOffset, commitOffsetsIfNecessary, heartbeat, isRunning, isStale }) => {
      const tools = { heartbeat, isRunning, isStale };
      const rows: EventRow[] = [];
      const poison: KafkaMessage[] = [];
      for (const message of batch.messages) {
        const parsed = parseMessage(message.value);
        if (parsed.ok) rows.push(toRow(parsed.event, batch.partition, message.offset));
        else poison.push(message);
      }
      for (const message of poison) {
        if (!isRunning() || isStale()) return;
        rows.push(...(await retryOrDeadLetter(message, batch.partition, tools)));
      }
      if (rows.length > 0 && !(await writeWithRetry(rows, tools))) return;
      const last = batch.messages.at(-1);
      if (!last) return;
      resolveOffset(last.offset);
      await commitOffsetsIfNecessary();
    },
  });
  return { consumer, dlq, joined };
}
