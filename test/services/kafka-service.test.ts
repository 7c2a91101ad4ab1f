import { execFileSync } from 'node:child_process';
import { Kafka, logLevel } from 'kafkajs';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { imageSpec } from '../../harness/services/image-catalog.ts';
import { newRunId } from '../../harness/services/run-id.ts';
import { startServices } from '../../harness/services/start-services.ts';
import { containersWithLabel } from './docker-ps.ts';

beforeAll(() => {
  const image = imageSpec('kafka').offline;
  expect(() => execFileSync('docker', ['image', 'inspect', image], { stdio: 'ignore' }), image).not.toThrow();
});

afterEach(() => {
  delete process.env.LAB_KAFKA_BROKERS;
});

const kafkaOf = (brokers: string) =>
  new Kafka({ clientId: 'lab-test', brokers: brokers.split(','), logLevel: logLevel.NOTHING });

/** Creates a 3-partition topic, produces keyed messages, consumes them all with a group; partition of each key. */
async function produceAndConsume(brokers: string, prefix: string): Promise<Map<string, Set<number>>> {
  const kafka = kafkaOf(brokers);
  const topic = `${prefix}events`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
  await admin.disconnect();

  const producer = kafka.producer();
  await producer.connect();
  const keys = Array.from({ length: 12 }, (_, i) => `key-${i}`);
  await producer.send({
    topic,
    messages: keys.flatMap((key) => [1, 2, 3].map((n) => ({ key, value: `${key}#${n}` }))),
  });
  await producer.disconnect();

  const consumer = kafka.consumer({ groupId: `${prefix}readers` });
  const seen = new Map<string, Set<number>>();
  let count = 0;
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`only ${count} of 36 messages consumed in 40 s`)), 40_000);
    consumer
      .run({
        eachMessage: async ({ partition, message }) => {
          const key = String(message.key);
          seen.set(key, (seen.get(key) ?? new Set()).add(partition));
          if (++count === 36) {
            clearTimeout(timer);
            resolve();
          }
        },
      })
      .catch(reject);
  });
  await consumer.disconnect();
  return seen;
}

describe('kafka: a single-node KRaft broker from lab’s offline image', () => {
  test('produce and consume on a 3-partition topic; a shared broker keeps runs apart by prefix; stop leaves nothing', async () => {
    const runId = newRunId();
    const owner = await startServices(['kafka'], { runId });
    try {
      expect(owner.services[0]).toMatchObject({ name: 'kafka', mode: 'container', image: imageSpec('kafka').offline });
      expect(owner.env).toEqual({ KAFKA_BROKERS: owner.urls.kafka, KAFKA_PREFIX: `lab.${runId}.` });
      expect(containersWithLabel(`dev.lab.run=${runId}`)).toHaveLength(1);

      const seen = await produceAndConsume(owner.env.KAFKA_BROKERS ?? '', owner.env.KAFKA_PREFIX ?? '');
      expect(seen.size).toBe(12);
      // One key, one partition; the keys spread over all three.
      for (const partitions of seen.values()) expect(partitions.size).toBe(1);
      expect(new Set([...seen.values()].flatMap((p) => [...p])).size).toBe(3);

      process.env.LAB_KAFKA_BROKERS = owner.serverUrls.kafka ?? '';
      const guestId = newRunId();
      const guest = await startServices(['kafka'], { runId: guestId });
      const admin = kafkaOf(owner.env.KAFKA_BROKERS ?? '').admin();
      await admin.connect();
      try {
        expect(guest.services[0]).toMatchObject({ mode: 'external', url: owner.urls.kafka });
        expect((await produceAndConsume(guest.env.KAFKA_BROKERS ?? '', guest.env.KAFKA_PREFIX ?? '')).size).toBe(12);
        await guest.stop();
        const topics = await admin.listTopics();
        expect(topics.filter((t) => t.startsWith(`lab.${guestId}.`))).toEqual([]);
        expect(topics).toContain(`lab.${runId}.events`);
        const groups = (await admin.listGroups()).groups.map((g) => g.groupId);
        expect(groups.filter((g) => g.startsWith(`lab.${guestId}.`))).toEqual([]);
      } finally {
        await admin.disconnect();
        await guest.stop();
      }
    } finally {
      await owner.stop();
    }
    expect(containersWithLabel(`dev.lab.run=${runId}`)).toEqual([]);
  }, 240_000);
});
