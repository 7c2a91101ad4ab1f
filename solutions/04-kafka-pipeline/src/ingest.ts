import { Partitioners } from 'kafkajs';
import { loadConfig } from './config.ts';
import { buildIngestApp } from './ingest-app.ts';
import { ensureTopics, kafkaClient } from './kafka.ts';
import { logger } from './logger.ts';
import { startTelemetry } from './telemetry.ts';

// First, so the tracer is registered before the first publish.
const telemetry = await startTelemetry('kafka-pipeline-ingest');
const config = loadConfig();
const kafka = kafkaClient(config, 'ingest');
await ensureTopics(kafka, [config.topicEvents]);
// The default partitioner hashes the key with murmur2 like the Java client: one user, one partition.
const producer = kafka.producer({ allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
await producer.connect();
const app = buildIngestApp(producer, config.topicEvents);
await app.listen({ port: config.port, host: '127.0.0.1' });
logger.info({ port: config.port, topic: config.topicEvents }, 'ingest ready');

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    logger.info({ signal }, 'shutting down');
    void app
      .close()
      .then(() => producer.disconnect())
      .then(() => telemetry.shutdown())
      .catch(() => {})
      .finally(() => process.exit(0));
  });
}
