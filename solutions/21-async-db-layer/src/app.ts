import { type Span, SpanStatusCode, trace } from '@opentelemetry/api';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import { Accounts } from './accounts.ts';
import { CircuitBreaker } from './breaker.ts';
import type { Config } from './config.ts';
import { Database } from './db.ts';
import { httpRequests } from './metrics.ts';
import { createPools } from './pools.ts';
import { Problem } from './problem.ts';
import { ReplicaMonitor } from './replica-monitor.ts';
import { registerRoutes } from './routes.ts';
import { createSchema } from './schema.ts';

/** The whole service, wired; `close()` stops the monitor and ends both pools. */
export async function buildApp(config: Config): Promise<FastifyInstance> {
  // One JSON line per request would drown the lines that matter (slow queries, errors) under load.
  const app = Fastify({
    logger: { level: process.env.LOG_LEVEL ?? 'info' },
    logController: new LogController({ disableRequestLogging: true }),
  });
  const pools = createPools(config);
  const db = new Database(
    pools,
    config,
    new CircuitBreaker(config.breakerFailureThreshold, config.breakerCooldownMs),
    app.log,
  );
  await createSchema(pools.primary);
  const monitor = new ReplicaMonitor(db, config.maxReplicaLagMs);
  monitor.start();

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof Problem) return reply.code(error.status).type('application/problem+json').send(error.toJSON());
    const { statusCode: status, message } = error as { statusCode?: number; message?: string };
    if (status && status < 500) {
      return reply
        .code(status)
        .type('application/problem+json')
        .send(new Problem(status, 'BAD_REQUEST', message ?? 'bad request').toJSON());
    }
    request.log.error({ err: error }, 'request failed');
    return reply
      .code(500)
      .type('application/problem+json')
      .send(new Problem(500, 'INTERNAL', 'internal error').toJSON());
  });
  // One span per request, the transfers of the key path among them (exported only when
  // OTEL_EXPORTER_OTLP_ENDPOINT is set, see telemetry.ts).
  const tracer = trace.getTracer('async-db-layer');
  const spans = new WeakMap<object, Span>();
  app.addHook('onRequest', async (request) => {
    spans.set(request, tracer.startSpan(`${request.method} ${request.routeOptions.url ?? 'unknown route'}`));
  });
  app.addHook('onResponse', async (request, reply) => {
    httpRequests.inc({ route: request.routeOptions.url ?? 'unknown', status: String(reply.statusCode) });
    const span = spans.get(request);
    span?.setAttribute('http.response.status_code', reply.statusCode);
    if (reply.statusCode >= 500) span?.setStatus({ code: SpanStatusCode.ERROR });
    span?.end();
  });
  app.addHook('onClose', async () => {
    monitor.stop();
    await Promise.all([pools.primary.end(), pools.replica.end()]);
  });
  registerRoutes(app, { config, db, accounts: new Accounts(db), monitor });
  return app;
}
