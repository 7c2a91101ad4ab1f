import { SpanStatusCode, trace } from '@opentelemetry/api';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { Producer } from 'kafkajs';
import { validateEvent } from './event.ts';
import { logger } from './logger.ts';
import { eventsIngested, registry } from './metrics.ts';

const tracer = trace.getTracer('kafka-pipeline');

/**
 * POST /events: validate, publish keyed by user_id with acks = all, answer 202 only once the broker
 * acknowledged. The producer is made once by the caller and reused for every request.
 */
export function buildIngestApp(producer: Producer, topic: string): FastifyInstance {
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 64 * 1024,
  });

  // Malformed JSON and other client errors get the same shape as a schema failure.
  app.setErrorHandler((error, request, reply) => {
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    if (status < 500) {
      eventsIngested.inc({ outcome: 'invalid' });
      return reply.code(status).send({ error: (error as Error).message, issues: [] });
    }
    eventsIngested.inc({ outcome: 'failed' });
    request.log.error({ err: error }, 'publishing the event failed');
    return reply.code(503).send({ error: 'the event could not be published to Kafka; retry later' });
  });

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/metrics', async (_request, reply) => reply.type(registry.contentType).send(await registry.metrics()));

  app.post('/events', async (request, reply) => {
    const parsed = validateEvent(request.body);
    if (!parsed.ok) {
      eventsIngested.inc({ outcome: 'invalid' });
      return reply.code(400).send({ error: 'invalid event', issues: parsed.issues });
    }
    const event = parsed.event;
    const [meta] = await tracer.startActiveSpan('kafka.publish', async (span) => {
      span.setAttributes({ 'messaging.system': 'kafka', 'messaging.destination.name': topic });
      try {
        return await producer.send({
          topic,
          acks: -1,
          messages: [{ key: event.user_id, value: JSON.stringify(event) }],
        });
      } catch (error) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
        throw error;
      } finally {
        span.end();
      }
    });
    if (!meta) throw new Error('the broker acknowledged no record');
    eventsIngested.inc({ outcome: 'accepted' });
    return reply.code(202).send({ event_id: event.event_id, partition: meta.partition, offset: meta.baseOffset });
  });
  return app;
}
