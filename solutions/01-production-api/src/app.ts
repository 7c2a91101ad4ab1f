import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import { authenticate, Tokens } from './auth.ts';
import { authRoutes } from './auth-routes.ts';
import type { Config } from './config.ts';
import type { Db } from './db.ts';
import { registerErrorHandling } from './error-handler.ts';
import { registerMetrics } from './metrics.ts';
import { registerOpenApi } from './openapi.ts';
import { HttpProblem } from './problem.ts';
import { ProductsRepo } from './products-repo.ts';
import { registerRequestContext, rememberBoundLogger, requestIdMixin, requestIdOf } from './request-context.ts';
import { registerRequestSpans } from './telemetry.ts';
import { deprecateV1, v1Routes } from './v1-routes.ts';
import { v2Routes } from './v2-routes.ts';

/** The whole service, not listening yet: server.ts listens, the e2e tests listen on port 0. */
export async function buildApp(config: Config, db: Db, options: { logStream?: NodeJS.WritableStream } = {}) {
  const app: FastifyInstance = Fastify({
    logger: {
      level: config.logLevel,
      mixin: requestIdMixin,
      ...(options.logStream ? { stream: options.logStream } : {}),
    },
    requestIdHeader: false,
    logController: new LogController({ requestIdLogLabel: 'request_id' }),
    genReqId: requestIdOf,
    childLoggerFactory: (logger, bindings, childOptions) => rememberBoundLogger(logger.child(bindings, childOptions)),
    ajv: { customOptions: { allErrors: true } },
  });
  // Only JSON bodies: text/plain must be refused with 415, not parsed into a string.
  app.removeContentTypeParser('text/plain');
  registerRequestContext(app);
  registerErrorHandling(app);
  await registerOpenApi(app);
  // Before rate limiting is registered: scraping /metrics is never throttled nor counted against a client.
  registerMetrics(app);
  registerRequestSpans(app);

  const tokens = new Tokens(config, db);
  // Global onRequest hooks run before the route-level one of rate-limit: it can count per user.
  app.addHook('onRequest', authenticate(tokens));
  await app.register(rateLimit, {
    max: config.rateLimitMax,
    timeWindow: config.rateLimitWindowSeconds * 1000,
    keyGenerator: (request) => (request.user ? `user:${request.user.id}` : `ip:${request.ip}`),
    errorResponseBuilder: (_request, context) =>
      new HttpProblem(
        429,
        'rate-limited',
        'Too many requests',
        `more than ${context.max} requests in ${config.rateLimitWindowSeconds} s; retry in ${context.after}`,
      ),
  });

  app.get(
    '/healthz',
    {
      config: { rateLimit: false },
      schema: {
        tags: ['health'],
        summary: 'Ready when the database answers',
        response: {
          200: { type: 'object', properties: { status: { type: 'string' } }, examples: [{ status: 'ok' }] },
        },
      },
    },
    async () => {
      await db.query('SELECT 1');
      return { status: 'ok' };
    },
  );
  const repo = new ProductsRepo(db, app.log);
  await app.register(
    async (v1) => {
      await deprecateV1(v1);
      await v1.register(authRoutes(db, tokens));
      await v1.register(v1Routes(repo));
    },
    { prefix: '/v1' },
  );
  await app.register(v2Routes(repo), { prefix: '/v2' });
  return app;
}
