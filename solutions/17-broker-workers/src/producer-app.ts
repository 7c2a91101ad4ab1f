import type { Tracer } from '@opentelemetry/api';
import Fastify from 'fastify';
import type { Logger } from 'pino';
import { z } from 'zod';
import { ConfirmTimeout } from './confirmed-publish.ts';
import { dashboardHtml } from './dashboard.ts';
import { quietRequests } from './logger.ts';
import type { producerMetrics } from './producer-metrics.ts';
import type { QueueStats } from './queue-stats.ts';
import { type Task, taskSchema } from './task.ts';
import type { TaskPublisher } from './task-publisher.ts';
import { inSpan } from './telemetry.ts';

export interface ProducerDeps {
  readonly publisher: Pick<TaskPublisher, 'publish' | 'connected'>;
  readonly metrics: ReturnType<typeof producerMetrics>;
  readonly readStats: ((publishFailures: number) => Promise<QueueStats>) | undefined;
  readonly tracer: Tracer;
  readonly logger: Logger;
}

const batchSchema = z.array(taskSchema).min(1).max(10_000);

/**
 * The producer's HTTP API. A task is answered 202 only once the broker confirmed it; a task the broker
 * did not confirm within PUBLISH_TIMEOUT_MS is answered 503 (it may still arrive: the client retries
 * with the same id and the workers' deduplication absorbs the copy).
 */
export function producerApp({ publisher, metrics, readStats, tracer, logger }: ProducerDeps) {
  const app = Fastify({ loggerInstance: quietRequests(logger), bodyLimit: 16 * 1024 * 1024 });
  let publishFailures = 0;

  app.addHook('onResponse', async (request, reply) => {
    metrics.requests.inc({ route: request.routeOptions.url ?? 'unknown', status: reply.statusCode });
  });
  app.setErrorHandler((error: { statusCode?: number; message: string }, _request, reply) => {
    const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) logger.error({ err: error }, error.message);
    return reply.code(status).send({ error: error.message });
  });

  const publish = async (tasks: Task[]): Promise<{ status: number; error?: string }> => {
    try {
      await inSpan(tracer, 'publish tasks', async (span) => {
        span.setAttributes({ 'messaging.system': 'rabbitmq', 'messaging.batch.message_count': tasks.length });
        await publisher.publish(tasks, () => metrics.confirms.inc());
      });
      return { status: 202 };
    } catch (error) {
      publishFailures += 1;
      const reason = error instanceof ConfirmTimeout ? 'timeout' : 'broker';
      metrics.publishFailures.inc({ reason });
      logger.warn({ err: error, tasks: tasks.length }, `publish failed: ${(error as Error).message}`);
      return { status: 503, error: `not confirmed by the broker: ${(error as Error).message}; retry later` };
    }
  };

  app.post('/tasks', async (request, reply) => {
    const parsed = taskSchema.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send({ error: z.prettifyError(parsed.error) });
    const outcome = await publish([parsed.data]);
    if (outcome.status !== 202) return reply.code(outcome.status).send({ error: outcome.error });
    return reply.code(202).send({ id: parsed.data.id, confirmed: true });
  });

  app.post('/tasks/batch', async (request, reply) => {
    const parsed = batchSchema.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send({ error: z.prettifyError(parsed.error) });
    const outcome = await publish(parsed.data);
    if (outcome.status !== 202) return reply.code(outcome.status).send({ error: outcome.error });
    return reply.code(202).send({ confirmed: parsed.data.length });
  });

  app.get('/healthz', async (_request, reply) =>
    publisher.connected ? { ok: true } : reply.code(503).send({ ok: false, error: 'not connected to the broker yet' }),
  );

  app.get('/metrics', async (_request, reply) =>
    reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()),
  );

  app.get('/stats', async (_request, reply) => {
    if (!readStats) return reply.code(503).send({ error: 'RABBITMQ_MANAGEMENT_URL is not set: no broker statistics' });
    return readStats(publishFailures);
  });

  app.get('/dashboard', async (_request, reply) => reply.type('text/html; charset=utf-8').send(dashboardHtml));

  return app;
}
