import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Redis } from 'ioredis';
import { cacheMetrics } from './cache-metrics.ts';
import { readConfig } from './config.ts';
import { invalidations as invalidationChannel } from './invalidations.ts';
import { itemCache } from './item-cache.ts';
import { logger } from './logger.ts';
import { LruCache } from './lru-cache.ts';
import { OriginNotConfigured, originClient } from './origin-client.ts';
import { prefixMemory, usedMemory } from './redis-memory.ts';
import { BadRequest, checkPutBody, itemId, parseInvalidate } from './requests.ts';
import { inSpan, startTelemetry } from './telemetry.ts';

/**
 * One instance of the caching service in front of the slow origin. Several run at once and share
 * Redis; GET /items/:id answers with X-Cache telling which layer served it.
 */
const telemetry = await startTelemetry('cache-service');
const config = readConfig();
const redis = new Redis(config.redisUrl);
redis.on('error', (error: Error) => logger.error({ err: error }, `redis: ${error.message}`));
const l1 = new LruCache(config.l1MaxEntries, config.l1TtlMs);
const metrics = cacheMetrics(l1, async () => (await prefixMemory(redis, config.keyPrefix)).keyBytes);
const invalidations = invalidationChannel(config.redisUrl, config.keyPrefix, redis);
const cache = itemCache({ config, redis, l1, origin: originClient(config.originUrl), metrics, invalidations });
await invalidations.listen(
  (id) => l1.delete(id),
  () => l1.clear(),
);

const readBody = async (req: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

interface Reply {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Record<string, string>;
}

/** The route a request matches, as a label (never the raw path: ids would explode the metric). */
function routeOf(method: string, pathname: string): string {
  if (/^\/items\/[^/]+$/.test(pathname)) return '/items/:id';
  return ['/invalidate', '/healthz', '/cache/policies', '/cache/stats', '/metrics'].includes(pathname)
    ? pathname
    : `unknown ${method}`;
}

async function route(req: IncomingMessage, url: URL): Promise<Reply> {
  const item = /^\/items\/([^/]+)$/.exec(url.pathname);
  if (item && req.method === 'GET') {
    const answer = await cache.get(itemId(item[1] as string));
    return { status: 200, body: answer.text, headers: { 'x-cache': answer.layer } };
  }
  if (item && req.method === 'PUT') {
    const id = itemId(item[1] as string);
    return { status: 200, body: await cache.put(id, checkPutBody(await readBody(req))) };
  }
  if (req.method === 'POST' && url.pathname === '/invalidate') {
    const ids = parseInvalidate(await readBody(req));
    await cache.invalidate(ids);
    metrics.invalidated(ids.length);
    logger.info({ ids: ids.length }, 'invalidated');
    return { status: 200, body: { invalidated: ids.length } };
  }
  if (req.method === 'GET' && url.pathname === '/healthz') return { status: 200, body: { ok: true } };
  if (req.method === 'GET' && url.pathname === '/cache/policies') {
    return {
      status: 200,
      body: { writeThrough: true, second: 'event-invalidation', staleBoundMs: config.staleBoundMs },
    };
  }
  if (req.method === 'GET' && url.pathname === '/cache/stats') {
    const [memory, prefix] = await Promise.all([usedMemory(redis), prefixMemory(redis, config.keyPrefix)]);
    return {
      status: 200,
      body: {
        l1: { size: l1.size, hits: l1.hits, misses: l1.misses, evictions: l1.evictions },
        redis: { usedMemory: memory, keys: prefix.keys, keyBytes: prefix.keyBytes },
      },
    };
  }
  if (req.method === 'GET' && url.pathname === '/metrics') {
    return {
      status: 200,
      body: await metrics.registry.metrics(),
      headers: { 'content-type': metrics.registry.contentType },
    };
  }
  return { status: 404, body: { error: `no route ${req.method} ${url.pathname}` } };
}

/** 400 for the client's mistakes, 503 without an origin, 502 when the origin or Redis failed us. */
function failure(error: Error): Reply {
  if (error instanceof BadRequest) return { status: 400, body: { error: error.message } };
  if (error instanceof OriginNotConfigured) return { status: 503, body: { error: error.message } };
  logger.error({ err: error }, error.message);
  return { status: 502, body: { error: error.message } };
}

function send(res: ServerResponse, { status, body, headers = {} }: Reply): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

const server = createServer((req, res) => {
  const started = performance.now();
  const url = new URL(req.url ?? '/', 'http://cache');
  const method = req.method ?? 'GET';
  const name = routeOf(method, url.pathname);
  void inSpan(telemetry.tracer, `${method} ${name}`, async (span) => {
    const reply = await route(req, url).catch(failure);
    span.setAttributes({
      'http.request.method': method,
      'http.route': name,
      'http.response.status_code': reply.status,
    });
    send(res, reply);
    metrics.request(method, name, reply.status);
    logger.debug({ method, route: name, status: reply.status, ms: Math.round(performance.now() - started) }, 'request');
  });
});
// Idle keep-alive sockets are closed by the client, never by us: a server that closes one just as a
// busy client reuses it makes that client's request fail (Node's default here is 5 s).
server.keepAliveTimeout = 65_000;
server.listen(config.port, '127.0.0.1', () => logger.info({ port: config.port }, 'cache service listening'));

process.once('SIGTERM', () => {
  server.close();
  void telemetry.shutdown().finally(() => process.exit(0));
});
