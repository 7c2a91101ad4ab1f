import type { Kafka, KafkaMessage, Message } from 'kafkajs';
import type { Config } from './config.ts';
import { parseMessage } from './event.ts';
import { logger } from './logger.ts';
import { eventsDeadLettered, eventsProcessed, transactionsCommitted } from './metrics.ts';
import { toRow } from './transform.ts';

/** What one input message becomes: a transformed record for TOPIC_OUTPUT, or a dead letter. */
export function outputOf(
  message: KafkaMessage,
  partition: number,
  config: Config,
): { topic: string; message: Message; dead: boolean } {
  const parsed = parseMessage(message.value);
  if (parsed.ok) {
    const row = toRow(parsed.event, partition, message.offset);
    return { topic: config.topicOutput, message: { key: row.user_id, value: JSON.stringify(row) }, dead: false };
  }
  const headers = {
    'x-error-reason': parsed.reason,
    'x-attempts': '1',
    'x-original-topic': config.topicEvents,
    'x-original-partition': String(partition),
    'x-original-offset': message.offset,
  };
  return { topic: config.topicDlq, message: { key: message.key, value: message.value, headers }, dead: true };
}

/**
 * Read–process–write with Kafka transactions: the output records of a batch and the group's
 * offsets after it are committed together, or not at all. The transactionalId is stable across
 * restarts, so a restarted processor fences its killed predecessor and aborts what it left open;
 * a read_committed reader of TOPIC_OUTPUT then sees each input exactly once.
 */
export async function startProcessor(kafka: Kafka, config: Config) {
  const consumer = kafka.consumer({
    groupId: config.consumerGroup,
    sessionTimeout: 10_000,
    heartbeatInterval: 1000,
    readUncommitted: false,
    allowAutoTopicCreation: false,
  });
  const producer = kafka.producer({
    transactionalId: `${config.consumerGroup}.processor`,
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
  });
  await producer.connect();
  await consumer.connect();
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  await consumer.subscribe({ topic: config.topicEvents, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    eachBatch: async ({ batch, resolveOffset, isRunning, isStale }) => {
      const last = batch.messages.at(-1);
      if (!last || !isRunning() || isStale()) return;
      const outputs = batch.messages.map((m) => outputOf(m, batch.partition, config));
      const byTopic = new Map<string, Message[]>();
      for (const o of outputs) byTopic.set(o.topic, [...(byTopic.get(o.topic) ?? []), o.message]);
      const transaction = await producer.transaction();
      try {
        await transaction.sendBatch({
          acks: -1,
          topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
        });
        await transaction.sendOffsets({
          consumerGroupId: config.consumerGroup,
          topics: [
            {
              topic: batch.topic,
              partitions: [{ partition: batch.partition, offset: (BigInt(last.offset) + 1n).toString() }],
            },
          ],
        });
        await transaction.commit();
      } catch (error) {
        logger.warn(
          { err: (error as Error).message, partition: batch.partition },
          'transaction aborted; the batch will be read again',
        );
        await transaction.abort().catch(() => {});
        throw error;
      }
      resolveOffset(last.offset);
      transactionsCommitted.inc();
      const dead = outputs.filter((o) => o.dead).length;
      eventsProcessed.inc(outputs.length - dead);
      eventsDeadLettered.inc(dead);
    },
  });
  return { consumer, producer, joined };
}
