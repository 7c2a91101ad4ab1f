import Fastify from 'fastify';
import { Redis } from 'ioredis';
import { readConfig } from './config.ts';
import { openDatabase } from './db.ts';
import { FlagCache } from './flag-cache.ts';
import { FLAG_SCHEMA } from './flag-schema.ts';
import { FlagStore } from './flag-store.ts';
import { CacheMetrics } from './metrics.ts';
import { adminRoutes } from './routes/admin.ts';
import { auditRoutes } from './routes/audit.ts';
import { evaluateRoutes } from './routes/evaluate.ts';
import { flagRoutes } from './routes/flags.ts';

const config = readConfig();
const pool = await openDatabase(config.databaseUrl);
const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 2 });
redis.on('error', (error) => console.error(`redis: ${error.message}`));
const store = new FlagStore(pool);
const metrics = new CacheMetrics();
const cache = new FlagCache(redis, store, config.keyPrefix, config.cacheTtlSeconds, metrics);

const app = Fastify({ logger: { level: 'warn' }, bodyLimit: 2 * 1024 * 1024 });
app.get('/healthz', async () => ({ status: 'ok' }));
app.get('/schemas/flag.json', async (_request, reply) => reply.type('application/schema+json').send(FLAG_SCHEMA));
app.get('/metrics', async (_request, reply) => reply.type('text/plain; version=0.0.4').send(metrics.text()));
flagRoutes(app, store, cache, config.jwtSecret);
evaluateRoutes(app, cache, config.jwtSecret);
auditRoutes(app, pool, config.jwtSecret);
adminRoutes(app);

const shutdown = async () => {
  await app.close().catch(() => {});
  redis.disconnect();
  await pool.end().catch(() => {});
  process.exit(0);
};
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);

await app.listen({ port: config.port, host: '127.0.0.1' });
