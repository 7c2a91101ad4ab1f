import { type ChannelModel, connect } from 'amqplib';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { TaskPublisher } from '../../src/task-publisher.ts';
import { MAX_PRIORITY, namesOf } from '../../src/topology.ts';
import { amqpUrl, deleteTopology, freshPrefixes, servicesMissing, skipNote } from './broker-env.ts';

const { queuePrefix } = freshPrefixes();
const names = namesOf(queuePrefix);
const log = pino({ level: 'silent' });

describe.skipIf(servicesMissing)(`TaskPublisher against the real broker${skipNote}`, () => {
  let connection: ChannelModel;
  let publisher: TaskPublisher;

  beforeAll(async () => {
    connection = await connect(amqpUrl);
    publisher = new TaskPublisher(amqpUrl, names, [100], 5000, log);
    publisher.start();
  });

  afterAll(async () => {
    await publisher?.stop();
    const channel = await connection.createChannel();
    await deleteTopology(channel, queuePrefix, [100, 300]);
    await connection.close();
  });

  test('a published task is confirmed, persistent, prioritised, in a durable priority queue', async () => {
    let confirmed = 0;
    await publisher.publish([{ id: 'p1', kind: 'work', durationMs: 0, priority: 7 }], () => {
      confirmed += 1;
    });
    expect(confirmed).toBe(1);
    const channel = await connection.createChannel();
    const message = await channel.get(names.queue, { noAck: true });
    if (!message) throw new Error('the published task is not in the queue');
    expect(JSON.parse(message.content.toString())).toMatchObject({ id: 'p1' });
    expect(message.properties).toMatchObject({ deliveryMode: 2, priority: 7, messageId: 'p1' });
    await channel.close();
    const management = await connection.createChannel();
    // Re-declaring with the same arguments succeeds only if the queue is durable with x-max-priority.
    await expect(
      management.assertQueue(names.queue, {
        durable: true,
        arguments: {
          'x-max-priority': MAX_PRIORITY,
          'x-dead-letter-exchange': names.deadLetterExchange,
          'x-dead-letter-routing-key': 'dead',
        },
      }),
    ).resolves.toMatchObject({ queue: names.queue });
    await management.close();
  });

  test('a delayed task waits in its TTL queue, then reaches the main queue', async () => {
    const started = Date.now();
    await publisher.publish([{ id: 'd1', kind: 'work', delayMs: 300 }], () => {});
    const channel = await connection.createChannel();
    let message: Awaited<ReturnType<typeof channel.get>> = false;
    while (!message && Date.now() - started < 5000) {
      message = await channel.get(names.queue, { noAck: true });
      if (!message) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(message && JSON.parse(message.content.toString())).toMatchObject({ id: 'd1' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    await channel.close();
  });
});
