import { readConfig } from './config.ts';
import { logger } from './logger.ts';
import { producerApp } from './producer-app.ts';
import { producerMetrics } from './producer-metrics.ts';
import { managementReader } from './queue-stats.ts';
import { TaskPublisher } from './task-publisher.ts';
import { startTelemetry } from './telemetry.ts';
import { namesOf } from './topology.ts';

/** The producer: POST /tasks publishes confirmed, persistent tasks; /stats and /dashboard watch the queues. */
const telemetry = await startTelemetry('broker-producer');
const config = readConfig();
const names = namesOf(config.queuePrefix);
const publisher = new TaskPublisher(config.amqpUrl, names, config.retryDelaysMs, config.publishTimeoutMs, logger);
const readStats = config.managementUrl
  ? managementReader(config.managementUrl, config.amqpUrl, names, config.queuePrefix)
  : undefined;
const metrics = producerMetrics(readStats && (() => readStats()));
const app = producerApp({ publisher, metrics, readStats, tracer: telemetry.tracer, logger });
publisher.start();
await app.listen({ port: config.port, host: '127.0.0.1' });

process.once('SIGTERM', () => {
  void app
    .close()
    .then(() => publisher.stop())
    .finally(() => telemetry.shutdown().finally(() => process.exit(0)));
});
