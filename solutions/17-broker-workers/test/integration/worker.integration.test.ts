import { type ChannelModel, type ConfirmChannel, connect } from 'amqplib';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { Counter, Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Dedup } from '../../src/dedup.ts';
import { httpSink } from '../../src/sink.ts';
import { type HandlerDeps, handleDelivery } from '../../src/task-handler.ts';
import { declareTopology, namesOf, TASK_ROUTING_KEY } from '../../src/topology.ts';
import { amqpUrl, deleteTopology, freshPrefixes, redisUrl, servicesMissing, skipNote } from './broker-env.ts';
import { eventually, startLocalSink } from './local-sink.ts';

const { queuePrefix, keyPrefix } = freshPrefixes();
const names = namesOf(queuePrefix);
const delays = [100];

describe.skipIf(servicesMissing)(`a worker's handling against the real broker and Redis${skipNote}`, () => {
  let connection: ChannelModel;
  let channel: ConfirmChannel;
  let redis: Redis;
  let sink: Awaited<ReturnType<typeof startLocalSink>>;

  beforeAll(async () => {
    sink = await startLocalSink();
    redis = new Redis(redisUrl);
    connection = await connect(amqpUrl);
    channel = await connection.createConfirmChannel();
    await declareTopology(channel, names, delays);
    await channel.prefetch(10);
    const deps: HandlerDeps = {
      names,
      dedup: new Dedup(redis, keyPrefix, 2000),
      sink: httpSink(sink.url, 'test-worker'),
      maxRetries: 1,
      retryDelaysMs: delays,
      claimTtlMs: 2000,
      publishTimeoutMs: 5000,
      outcomes: new Counter({ name: 'outcomes', help: 'test', labelNames: ['outcome'], registers: [new Registry()] }),
      log: pino({ level: 'silent' }),
    };
    await channel.consume(names.queue, (message) => message && void handleDelivery(channel, message, deps), {
      noAck: false,
    });
  });

  afterAll(async () => {
    await deleteTopology(channel, queuePrefix, delays);
    await connection.close();
    const keys = await redis.keys(`${keyPrefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    await sink.close();
  });

  const publish = (body: string) => {
    channel.publish(names.exchange, TASK_ROUTING_KEY, Buffer.from(body), { persistent: true });
    return channel.waitForConfirms();
  };

  /** Reads the DLQ until a message whose body contains `marker` shows up. */
  async function deadLettered(marker: string) {
    const reader = await connection.createChannel();
    try {
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline) {
        const message = await reader.get(names.deadLetterQueue, { noAck: true });
        if (!message) await new Promise((resolve) => setTimeout(resolve, 50));
        else if (message.content.toString().includes(marker)) return message;
      }
      throw new Error(`nothing containing ${marker} reached the DLQ`);
    } finally {
      await reader.close();
    }
  }

  test('a task published three times takes effect exactly once', async () => {
    const body = JSON.stringify({ id: 'twice', kind: 'work', durationMs: 50 });
    await Promise.all([publish(body), publish(body), publish(body)]);
    await eventually(() => sink.effectsOf('twice') >= 1);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(sink.effectsOf('twice')).toBe(1);
  });

  test('a poison message is dead-lettered with its reason, the queue it came from and its attempts', async () => {
    await publish('{"id":"poison-marker",');
    const message = await deadLettered('poison-marker');
    expect(message.properties.headers).toMatchObject({
      'x-error-reason': 'invalid-json',
      'x-original-queue': names.queue,
      'x-attempts': 1,
    });
  });

  test('a flaky task failing past MAX_RETRIES is dead-lettered as max-retries-exceeded after a delayed retry', async () => {
    await publish(JSON.stringify({ id: 'always-fails', kind: 'flaky', failTimes: 5 }));
    const message = await deadLettered('always-fails');
    expect(message.properties.headers).toMatchObject({ 'x-error-reason': 'max-retries-exceeded', 'x-attempts': 2 });
    const attempts = sink.attempts.filter((a) => a.taskId === 'always-fails').map((a) => a.attempt);
    expect(attempts).toEqual([1, 2]);
    expect(sink.effectsOf('always-fails')).toBe(0);
  });

  test('a flaky task that recovers within its retries takes effect once', async () => {
    await publish(JSON.stringify({ id: 'recovers', kind: 'flaky', failTimes: 1 }));
    await eventually(() => sink.effectsOf('recovers') === 1);
    expect(sink.attempts.filter((a) => a.taskId === 'recovers').map((a) => a.attempt)).toEqual([1, 2]);
  });
});
