import Fastify, { type FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import type pg from 'pg';
import type { Config } from './config.ts';
import { openDatabase } from './db.ts';
import { FlagCache } from './flag-cache.ts';
import { FLAG_SCHEMA } from './flag-schema.ts';
import { FlagStore } from './flag-store.ts';
import { CacheMetrics } from './metrics.ts';
import { adminRoutes } from './routes/admin.ts';
import { auditRoutes } from './routes/audit.ts';
import { evaluateRoutes } from './routes/evaluate.ts';
import { flagRoutes } from './routes/flags.ts';
import { registerRequestSpans } from './telemetry.ts';

/** The service and what it holds open; `close()` releases Postgres and Redis too. */
export interface FlagsApp {
  readonly app: FastifyInstance;
  readonly pool: pg.Pool;
  readonly redis: Redis;
  readonly metrics: CacheMetrics;
  close(): Promise<void>;
}

/**
 * The whole service, not listening yet: server.ts listens on PORT, the integration tests on port 0.
 * Logs are pino JSON lines (fastify's logger), on stdout unless `logStream` says otherwise.
 */
export async function buildApp(
  config: Config,
  options: { logLevel?: string; logStream?: NodeJS.WritableStream } = {},
): Promise<FlagsApp> {
  const app = Fastify({
    logger: { level: options.logLevel ?? 'info', ...(options.logStream ? { stream: options.logStream } : {}) },
    bodyLimit: 2 * 1024 * 1024,
  });
  const pool = await openDatabase(config.databaseUrl);
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 2 });
  redis.on('error', (error) => app.log.error({ err: error }, 'redis connection error'));
  const store = new FlagStore(pool);
  const metrics = new CacheMetrics();
  const cache = new FlagCache(redis, store, config.keyPrefix, config.cacheTtlSeconds, metrics);

  registerRequestSpans(app);
  app.addHook('onResponse', async (request, reply) => {
    metrics.requests.inc({
      method: request.method,
      route: request.routeOptions.url ?? 'unknown',
      status_code: String(reply.statusCode),
    });
  });
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/schemas/flag.json', async (_request, reply) => reply.type('application/schema+json').send(FLAG_SCHEMA));
  app.get('/metrics', async (_request, reply) => reply.type(metrics.contentType).send(await metrics.text()));
  flagRoutes(app, store, cache, config.jwtSecret);
  evaluateRoutes(app, cache, config.jwtSecret, metrics);
  auditRoutes(app, pool, config.jwtSecret);
  adminRoutes(app);

  return {
    app,
    pool,
    redis,
    metrics,
    async close() {
      await app.close().catch(() => {});
      redis.disconnect();
      await pool.end().catch(() => {});
    },
  };
}
