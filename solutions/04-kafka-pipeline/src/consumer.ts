import { loadConfig } from './config.ts';
import { openDatabase } from './database.ts';
import { startHealthServer } from './health-server.ts';
import { ensureTopics, kafkaClient } from './kafka.ts';
import { registerLagGauge } from './lag.ts';
import { logger } from './logger.ts';
import { startSinkConsumer } from './sink-consumer.ts';
import { startTelemetry } from './telemetry.ts';

const telemetry = await startTelemetry('kafka-pipeline-consumer');
const config = loadConfig();
// Healthy as soon as it listens: the process is alive and reports its lag even while the sink is down.
const health = await startHealthServer(config.port, () => true);
const kafka = kafkaClient(config, 'sink-consumer');
await ensureTopics(kafka, [config.topicEvents, config.topicDlq]);
const admin = kafka.admin();
await admin.connect();
registerLagGauge(admin, config.consumerGroup, config.topicEvents);
const pool = await openDatabase(config.databaseUrl, logger);
const sink = await startSinkConsumer(kafka, pool, config);
sink.consumer.on(sink.consumer.events.CRASH, ({ payload }) => {
  logger.error({ err: payload.error.message, restart: payload.restart }, 'consumer crashed');
  if (!payload.restart) process.exit(1);
});
void sink.joined.then(() =>
  logger.info(
    { topic: config.topicEvents, group: config.consumerGroup, port: config.port },
    'consumer joined its group',
  ),
);

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    logger.info({ signal }, 'shutting down');
    // Leaving the group on the way out hands the partitions over at once instead of after the session timeout.
    void sink.consumer
      .disconnect()
      .then(() => Promise.all([sink.dlq.disconnect(), admin.disconnect(), pool.end(), health.close()]))
      .then(() => telemetry.shutdown())
      .catch(() => {})
      .finally(() => process.exit(0));
  });
}
