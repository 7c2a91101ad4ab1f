import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Redis } from 'ioredis';
import { cacheMetrics } from './cache-metrics.ts';
import { readConfig } from './config.ts';
import { invalidations as invalidationChannel } from './invalidations.ts';
import { itemCache } from './item-cache.ts';
import { LruCache } from './lru-cache.ts';
import { originClient } from './origin-client.ts';
import { prefixMemory, usedMemory } from './redis-memory.ts';

/**
 * One instance of the caching service in front of the slow origin. Several run at once and share
 * Redis; GET /items/:id answers with X-Cache telling which layer served it.
 */
const config = readConfig();
const redis = new Redis(config.redisUrl);
redis.on('error', (error: Error) => console.error(`redis: ${error.message}`));
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

const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
};

async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://cache');
  const item = /^\/items\/([^/]+)$/.exec(url.pathname);
  if (item && req.method === 'GET') {
    const answer = await cache.get(decodeURIComponent(item[1] as string));
    return send(res, 200, answer.text, { 'x-cache': answer.layer });
  }
  if (item && req.method === 'PUT') {
    return send(res, 200, await cache.put(decodeURIComponent(item[1] as string), await readBody(req)));
  }
  if (req.method === 'POST' && url.pathname === '/invalidate') {
    const { ids } = JSON.parse(await readBody(req)) as { ids?: unknown };
    if (!Array.isArray(ids)) return send(res, 400, { error: 'body must be {"ids": ["…"]}' });
    await cache.invalidate(ids.map(String));
    return send(res, 200, { invalidated: ids.length });
  }
  if (req.method === 'GET' && url.pathname === '/healthz') return send(res, 200, { ok: true });
  if (req.method === 'GET' && url.pathname === '/cache/policies') {
    return send(res, 200, { writeThrough: true, second: 'event-invalidation', staleBoundMs: config.staleBoundMs });
  }
  if (req.method === 'GET' && url.pathname === '/cache/stats') {
    const [memory, prefix] = await Promise.all([usedMemory(redis), prefixMemory(redis, config.keyPrefix)]);
    return send(res, 200, {
      l1: { size: l1.size, hits: l1.hits, misses: l1.misses, evictions: l1.evictions },
      redis: { usedMemory: memory, keys: prefix.keys, keyBytes: prefix.keyBytes },
    });
  }
  if (req.method === 'GET' && url.pathname === '/metrics') {
    return send(res, 200, await metrics.registry.metrics(), { 'content-type': metrics.registry.contentType });
  }
  send(res, 404, { error: `no route ${req.method} ${url.pathname}` });
}

createServer((req, res) => {
  route(req, res).catch((error: Error) => send(res, 502, { error: error.message }));
}).listen(config.port, '127.0.0.1', () => console.log(`cache service listening on ${config.port}`));
