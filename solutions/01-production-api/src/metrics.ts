import type { FastifyInstance } from 'fastify';
import { Counter, Registry } from 'prom-client';

/**
 * Prometheus counters of this instance, served on GET /metrics: every answered request by method,
 * route pattern (never the raw URL, which would explode the label set) and status.
 */
export class ApiMetrics {
  readonly registry = new Registry();
  readonly requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status code.',
    labelNames: ['method', 'route', 'status_code'],
    registers: [this.registry],
  });
}

/** Counts every response in an onResponse hook and serves the registry (no auth, no rate limit, not in the OpenAPI document). */
export function registerMetrics(app: FastifyInstance, metrics = new ApiMetrics()): ApiMetrics {
  app.addHook('onResponse', async (request, reply) => {
    metrics.requests.inc({
      method: request.method,
      route: request.routeOptions.url ?? 'unknown',
      status_code: String(reply.statusCode),
    });
  });
  app.get('/metrics', { schema: { hide: true }, config: { rateLimit: false } }, async (_request, reply) =>
    reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()),
  );
  return metrics;
}
