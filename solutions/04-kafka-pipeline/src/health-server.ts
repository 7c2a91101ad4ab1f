import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import { logger } from './logger.ts';
import { registry } from './metrics.ts';

/** GET /healthz and GET /metrics of a long-running worker (consumer, processor) on PORT. */
export async function startHealthServer(port: number, healthy: () => boolean): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
  });
  app.get('/healthz', async (_request, reply) =>
    healthy() ? { status: 'ok' } : reply.code(503).send({ status: 'starting' }),
  );
  app.get('/metrics', async (_request, reply) => reply.type(registry.contentType).send(await registry.metrics()));
  await app.listen({ port, host: '127.0.0.1' });
  return app;
}
