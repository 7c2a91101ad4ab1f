import type { ChannelModel } from 'amqplib';
import Fastify from 'fastify';
import { Redis } from 'ioredis';
import { Counter, Registry } from 'prom-client';
import { BrokerLink } from './broker-link.ts';
import { readConfig } from './config.ts';
import { Dedup } from './dedup.ts';
import { logger, quietRequests } from './logger.ts';
import { httpSink } from './sink.ts';
import { handleDelivery } from './task-handler.ts';
import { inSpan, startTelemetry } from './telemetry.ts';
import { declareTopology, namesOf } from './topology.ts';

/**
 * One worker: consumes the main queue with manual acks and PREFETCH unacked messages at most,
 * handling them concurrently; GET /healthz answers 200 while it consumes, GET /metrics counts outcomes.
 */
const telemetry = await startTelemetry('broker-worker');
const config = readConfig();
const names = namesOf(config.queuePrefix);
const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 2 });
redis.on('error', (error: Error) => logger.warn({ err: error }, `redis: ${error.message}`));

const registry = new Registry();
const outcomes = new Counter({
  name: 'worker_tasks_total',
  help: 'Deliveries handled, by outcome: done, duplicate, retried, dead-lettered.',
  labelNames: ['outcome'],
  registers: [registry],
});
const deps = {
  names,
  dedup: new Dedup(redis, config.keyPrefix, config.claimTtlMs),
  sink: httpSink(config.sinkUrl, config.workerId),
  maxRetries: config.maxRetries,
  retryDelaysMs: config.retryDelaysMs,
  claimTtlMs: config.claimTtlMs,
  publishTimeoutMs: config.publishTimeoutMs,
  outcomes,
  log: logger,
};

let consuming = false;
const link: BrokerLink = new BrokerLink(config.amqpUrl, logger, async (connection: ChannelModel) => {
  const channel = await connection.createConfirmChannel();
  channel.on('error', () => {});
  channel.on('close', () => {
    consuming = false;
    link.reset('worker channel closed');
  });
  await declareTopology(channel, names, config.retryDelaysMs);
  await channel.prefetch(config.prefetch);
  await channel.consume(
    names.queue,
    (message) => {
      if (!message) {
        link.reset('consumer cancelled by the broker');
        return;
      }
      void inSpan(telemetry.tracer, 'handle task', () => handleDelivery(channel, message, deps));
    },
    { noAck: false },
  );
  consuming = true;
  logger.info({ queue: names.queue, prefetch: config.prefetch, workerId: config.workerId }, 'consuming');
});

const app = Fastify({ loggerInstance: quietRequests(logger) });
app.get('/healthz', async (_request, reply) =>
  consuming ? { ok: true, workerId: config.workerId } : reply.code(503).send({ ok: false, error: 'not consuming yet' }),
);
app.get('/metrics', async (_request, reply) => reply.type(registry.contentType).send(await registry.metrics()));

link.start();
await app.listen({ port: config.port, host: '127.0.0.1' });

process.once('SIGTERM', () => {
  void app
    .close()
    .then(() => link.stop())
    .then(() => redis.quit())
    .finally(() => telemetry.shutdown().finally(() => process.exit(0)));
});
