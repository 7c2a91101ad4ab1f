import { randomUUID } from 'node:crypto';
import type { Channel } from 'amqplib';
import { namesOf } from '../../src/topology.ts';

/**
 * The real services of the integration tests: RABBITMQ_URL and REDIS_URL from the environment (lab
 * sets them; locally, point them at your own broker and Redis). Without them the tests are skipped,
 * and say so in their name.
 */
export const amqpUrl = process.env.RABBITMQ_URL ?? '';
export const redisUrl = process.env.REDIS_URL ?? '';
export const servicesMissing = !amqpUrl || !redisUrl;
export const skipNote = servicesMissing ? ' (skipped: set RABBITMQ_URL and REDIS_URL)' : '';

/** A queue prefix and a Redis key prefix no other test run uses. */
export function freshPrefixes() {
  const id = randomUUID().slice(0, 8);
  return { queuePrefix: `test-${id}.`, keyPrefix: `${process.env.KEY_PREFIX ?? ''}test-${id}:` };
}

/** Deletes everything a test declared under `prefix` (retry and delay queues of the given delays too). */
export async function deleteTopology(channel: Channel, prefix: string, delaysMs: readonly number[] = []) {
  const names = namesOf(prefix);
  const queues = [
    names.queue,
    names.deadLetterQueue,
    ...delaysMs.flatMap((d) => [names.retryQueue(d), names.delayQueue(d)]),
  ];
  for (const queue of queues) await channel.deleteQueue(queue);
  await channel.deleteExchange(names.exchange);
  await channel.deleteExchange(names.deadLetterExchange);
}
