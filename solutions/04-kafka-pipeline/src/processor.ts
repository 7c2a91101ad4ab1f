import { loadConfig } from './config.ts';
import { startHealthServer } from './health-server.ts';
import { ensureTopics, kafkaClient } from './kafka.ts';
import { logger } from './logger.ts';
import { startTelemetry } from './telemetry.ts';
import { startProcessor } from './transactional-processor.ts';

const telemetry = await startTelemetry('kafka-pipeline-processor');
const config = loadConfig();
const health = await startHealthServer(config.port, () => true);
const kafka = kafkaClient(config, 'processor');
await ensureTopics(kafka, [config.topicEvents, config.topicOutput, config.topicDlq]);
const processor = await startProcessor(kafka, config);
processor.consumer.on(processor.consumer.events.CRASH, ({ payload }) => {
  logger.error({ err: payload.error.message, restart: payload.restart }, 'processor crashed');
  if (!payload.restart) process.exit(1);
});
void processor.joined.then(() =>
  logger.info(
    { input: config.topicEvents, output: config.topicOutput, group: config.consumerGroup },
    'processor joined its group',
  ),
);

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    logger.info({ signal }, 'shutting down');
    void processor.consumer
      .disconnect()
      .then(() => Promise.all([processor.producer.disconnect(), health.close()]))
      .then(() => telemetry.shutdown())
      .catch(() => {})
      .finally(() => process.exit(0));
  });
}
