import Fastify, { type FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import type { Db } from './db.ts';

/** The whole service, not listening yet: server.ts listens, your e2e tests listen on port 0. */
export async function buildApp(config: Config, db: Db, options: { logStream?: NodeJS.WritableStream } = {}) {
  const app: FastifyInstance = Fastify({
    // TODO(B2): keep a well-formed X-Request-Id (genReqId), echo it in the response header, log it as
    //           request_id on every line — also from code without `request` (AsyncLocalStorage + pino mixin).
    logger: { level: config.logLevel, ...(options.logStream ? { stream: options.logStream } : {}) },
    // TODO(R2): ajv allErrors, so every failing field is reported at once.
  });

  // TODO(R2): one setErrorHandler + setNotFoundHandler answering application/problem+json
  //           {type, title, status, detail, request_id, errors?[{path, message}]}; 415 for non-JSON bodies
  //           (fastify parses text/plain by default); GET /v1/debug/fail answers a clean 500.
  // TODO(R1): POST /v1/auth/login, POST /v1/auth/refresh, GET /v1/me; verify the bearer token of every
  //           resource route in one hook (see auth.ts), with role gates.
  // TODO(R3): GET /v1/products (offset paging) and GET /v2/products (cursor paging), see pagination.ts;
  //           POST /v1/products, GET/PATCH/DELETE /v1/products/:id.
  // TODO(R4): /v1 and /v2 as two plugins with prefixes; Deprecation, Sunset and Link headers on every /v1
  //           response; @fastify/rate-limit per user (or IP) with a problem+json 429 and Retry-After.
  // TODO(C5): a prom-client Counter (e.g. http_requests_total by method, route and status) in a Registry
  //           served on GET /metrics, and a span around the key path (login, product reads) — see telemetry.ts.
  // TODO(B3): @fastify/swagger (+ examples, a shared problem schema, the bearer scheme), GET /openapi.json,
  //           @fastify/swagger-ui on /docs.

  app.get('/healthz', async () => {
    await db.query('SELECT 1');
    return { status: 'ok' };
  });
  return app;
}
