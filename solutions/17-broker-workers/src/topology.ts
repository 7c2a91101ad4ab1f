import type { Channel } from 'amqplib';

/** The routing key of the main exchange's one binding. */
export const TASK_ROUTING_KEY = 'task';
const DEAD_ROUTING_KEY = 'dead';
/** x-max-priority of the main queue: priorities 0–9 of the contract, and one to spare. */
export const MAX_PRIORITY = 10;

/** Names of everything declared, all under QUEUE_PREFIX (unique per run). */
export interface Names {
  readonly exchange: string;
  readonly queue: string;
  readonly deadLetterExchange: string;
  readonly deadLetterQueue: string;
  retryQueue(delayMs: number): string;
  delayQueue(delayMs: number): string;
}

export function namesOf(prefix: string): Names {
  return {
    exchange: `${prefix}tasks`,
    queue: `${prefix}tasks`,
    deadLetterExchange: `${prefix}tasks.dlx`,
    deadLetterQueue: `${prefix}tasks.dlq`,
    retryQueue: (delayMs) => `${prefix}tasks.retry.${delayMs}`,
    delayQueue: (delayMs) => `${prefix}tasks.delay.${delayMs}`,
  };
}

/**
 * Declares the durable topology (idempotent; producer and workers both call it on every connect, so
 * whichever comes first — or comes back first after a broker restart — finds it in place): the main
 * exchange and queue (priorities, dead-lettering into the DLX), the DLQ, and one retry queue per
 * delay. Arguments must be the same on every declaration, or the broker refuses it.
 */
export async function declareTopology(channel: Channel, names: Names, retryDelaysMs: readonly number[]) {
  await channel.assertExchange(names.exchange, 'direct', { durable: true });
  await channel.assertExchange(names.deadLetterExchange, 'direct', { durable: true });
  await channel.assertQueue(names.queue, {
    durable: true,
    arguments: {
      'x-max-priority': MAX_PRIORITY,
      'x-dead-letter-exchange': names.deadLetterExchange,
      'x-dead-letter-routing-key': DEAD_ROUTING_KEY,
    },
  });
  await channel.bindQueue(names.queue, names.exchange, TASK_ROUTING_KEY);
  await channel.assertQueue(names.deadLetterQueue, { durable: true });
  await channel.bindQueue(names.deadLetterQueue, names.deadLetterExchange, DEAD_ROUTING_KEY);
  for (const delay of retryDelaysMs) await declareWaitQueue(channel, names.retryQueue(delay), names, delay);
}

/**
 * A queue where messages wait `delayMs` (x-message-ttl) and are then dead-lettered back into the main
 * exchange: RabbitMQ only expires messages at a queue's head, so each delay has a queue of its own
 * and a long wait never holds back a shorter one. Used for retries (B2) and delayed tasks (B1).
 */
export async function declareWaitQueue(channel: Channel, name: string, names: Names, delayMs: number) {
  await channel.assertQueue(name, {
    durable: true,
    arguments: {
      'x-message-ttl': delayMs,
      'x-dead-letter-exchange': names.exchange,
      'x-dead-letter-routing-key': TASK_ROUTING_KEY,
    },
  });
}
