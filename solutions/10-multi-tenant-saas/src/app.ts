import { type Span, trace } from '@opentelemetry/api';
import Fastify, { type FastifyInstance } from 'fastify';
import { type Caller, callerOf } from './auth.ts';
import type { Deps } from './deps.ts';
import { HttpError } from './http-error.ts';
import { countRequest } from './metering.ts';
import { auditRoutes } from './routes/audit.ts';
import { billingRoutes } from './routes/billing.ts';
import { documentRoutes } from './routes/documents.ts';
import { domainRoutes } from './routes/domains.ts';
import { exportRoutes } from './routes/export.ts';
import { memberRoutes } from './routes/members.ts';
import { projectRoutes } from './routes/projects.ts';
import { tenantRoutes } from './routes/tenants.ts';

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller | null;
    span: Span | null;
  }
}

const PUBLIC = new Set(['/healthz', '/metrics']);

/** The HTTP API: every non-public route knows its caller before the handler runs. */
export function buildApp(deps: Deps): FastifyInstance {
  const app = Fastify({ logger: { level: process.env.LOG_LEVEL ?? 'info' } });
  app.decorateRequest('caller', null);
  app.decorateRequest('span', null);
  const tracer = trace.getTracer('saas');

  // One span per request (exported only when OTEL_EXPORTER_OTLP_ENDPOINT is set, see telemetry.ts).
  app.addHook('onRequest', async (request) => {
    request.span = tracer.startSpan(`${request.method} ${request.routeOptions.url ?? 'unknown route'}`);
  });

  app.addHook('onRequest', async (request) => {
    if (PUBLIC.has(request.routeOptions.url ?? '')) return;
    const caller = await callerOf(request, deps.config.platformToken, deps.config.jwtSecret);
    if (caller.kind === 'tenant') {
      const known = await deps.pool
        .query('SELECT 1 FROM tenants WHERE id::text = $1', [caller.tenantId])
        .catch(() => ({ rowCount: 0 }));
      if (!known.rowCount) throw new HttpError(401, { error: `the token's tenant ${caller.tenantId} does not exist` });
    }
    request.caller = caller;
  });

  // Metering happens before the response leaves, so a client that reads its usage next sees it.
  app.addHook('onSend', async (request, reply, payload) => {
    const caller = request.caller;
    if (caller?.kind === 'tenant' && reply.statusCode < 400) await countRequest(deps.pool, caller.tenantId);
    return payload;
  });

  app.addHook('onResponse', async (request, reply) => {
    request.span?.setAttribute('http.response.status_code', reply.statusCode);
    request.span?.end();
    deps.metrics.requests.inc({
      route: request.routeOptions.url ?? 'unknown',
      status: `${Math.floor(reply.statusCode / 100)}xx`,
    });
  });

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof HttpError) {
      if (error.body.code === 'QUOTA_EXCEEDED')
        deps.metrics.quotaRejections.inc({ resource: String(error.body.resource) });
      return reply.code(error.status).send(error.body);
    }
    const code = (error as { code?: string }).code;
    if (code === '23505') return reply.code(409).send({ error: 'already exists' });
    if (code === '22P02') return reply.code(400).send({ error: 'malformed value' });
    const status = (error as { statusCode?: number }).statusCode;
    if (status && status < 500) return reply.code(status).send({ error: (error as Error).message });
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send({ error: 'internal error; see the service logs' });
  });

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/metrics', async (_request, reply) =>
    reply.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics()),
  );
  tenantRoutes(app, deps);
  billingRoutes(app, deps);
  projectRoutes(app, deps);
  documentRoutes(app, deps);
  memberRoutes(app, deps);
  auditRoutes(app, deps);
  domainRoutes(app, deps);
  exportRoutes(app, deps);
  return app;
}
