import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Redis } from 'ioredis';
import { readConfig } from './config.ts';
import { leaseCache } from './lease-cache.ts';
import { lockMetrics } from './lock-metrics.ts';
import { redlockClient, redlockStore } from './redlock-store.ts';
import { resourceClient } from './resource-client.ts';
import { type RunRequest, runSections } from './run-sections.ts';
import { singleNodeStore } from './single-node-store.ts';

/**
 * One worker instance: POST /run runs critical sections under a Redis lock, GET /cache/:key serves
 * through a lease-based cache, GET /metrics exposes lock metrics. Several instances run at once.
 */
const config = readConfig();
const redis = new Redis(config.redisUrl);
const store =
  config.redlockUrls.length > 0 ? redlockStore(config.redlockUrls.map(redlockClient)) : singleNodeStore(redis);
const metrics = lockMetrics(config.lockTtlMs);
const deps = {
  workerId: config.workerId,
  prefix: config.keyPrefix,
  ttlMs: config.lockTtlMs,
  redis,
  store,
  resource: resourceClient(config.resourceUrl),
  metrics,
};
const cache = leaseCache(redis, config.keyPrefix, config.originUrl, config.cacheTtlMs);

const readJson = async (req: IncomingMessage): Promise<Record<string, unknown>> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
};

const send = (res: ServerResponse, status: number, body: unknown, type = 'application/json') => {
  res.writeHead(status, { 'content-type': type });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
};

const parseRun = (body: Record<string, unknown>): RunRequest => ({
  lock: String(body.lock ?? 'default'),
  iterations: Number(body.iterations ?? 1),
  holdMs: Number(body.holdMs ?? 0),
  acquireTimeoutMs: Number(body.acquireTimeoutMs ?? 10_000),
});

async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://worker');
  if (req.method === 'GET' && url.pathname === '/healthz') return send(res, 200, { ok: true, worker: config.workerId });
  if (req.method === 'POST' && url.pathname === '/run') {
    return send(res, 200, await runSections(deps, parseRun(await readJson(req))));
  }
  if (req.method === 'GET' && url.pathname.startsWith('/cache/')) {
    return send(res, 200, await cache(decodeURIComponent(url.pathname.slice('/cache/'.length))));
  }
  if (req.method === 'GET' && url.pathname === '/metrics') {
    return send(res, 200, await metrics.registry.metrics(), metrics.registry.contentType);
  }
  send(res, 404, { error: `no route ${req.method} ${url.pathname}` });
}

createServer((req, res) => {
  route(req, res).catch((error: Error) => send(res, 500, { error: error.message }));
}).listen(config.port, '127.0.0.1', () => console.log(`[${config.workerId}] listening on ${config.port}`));
