import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { describe, expect, it } from 'vitest';

// An example integration test against the real Kafka lab gives your program (KAFKA_BROKERS, and
// KAFKA_PREFIX for the names of your topics). It leaves nothing behind. Next: post events to your
// ingest app and read them back; write a batch twice through your sink and count the rows.
const brokers = process.env.KAFKA_BROKERS;
if (!brokers) {
  throw new Error('KAFKA_BROKERS is not set: integration tests need Kafka (lab verify sets it; locally: `lab up 4`)');
}

describe('the broker', () => {
  it('creates a 6-partition topic of this test and deletes it', async () => {
    const admin = new Kafka({ brokers: brokers.split(','), logLevel: logLevel.NOTHING }).admin();
    const topic = `${process.env.KAFKA_PREFIX ?? ''}example.${randomBytes(4).toString('hex')}`;
    await admin.connect();
    try {
      await admin.createTopics({ topics: [{ topic, numPartitions: 6 }], waitForLeaders: true });
      const [metadata] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
      expect(metadata?.partitions).toHaveLength(6);
    } finally {
      await admin.deleteTopics({ topics: [topic] }).catch(() => {});
      await admin.disconnect();
    }
  });
});
