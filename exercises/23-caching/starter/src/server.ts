import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readConfig } from './config.ts';
import { originClient } from './origin-client.ts';

/**
 * One instance of the caching service. Today it is a plain proxy: every GET goes to the slow
 * origin. Several instances run at once and share REDIS_URL.
 */
const config = readConfig();
const origin = originClient(config.originUrl);

// TODO(R1): an in-process LRU (L1_MAX_ENTRIES, L1_TTL_MS) with hit/miss/eviction counters.
// TODO(R2): a Redis cache under KEY_PREFIX (`<KEY_PREFIX>item:<id>`), every key written with its TTL.
// TODO(R4): one origin call per cold key across all instances (single flight + a Redis lock), jittered TTLs.

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
    // TODO(R1, R2): answer from L1, then Redis, and say which in X-Cache: L1 | L2 | MISS.
    return send(res, 200, await origin.get(decodeURIComponent(item[1] as string)), { 'x-cache': 'MISS' });
  }
  if (item && req.method === 'PUT') {
    // TODO(R3): write-through — the origin first, then make every instance drop the old value.
    return send(res, 200, await origin.put(decodeURIComponent(item[1] as string), await readBody(req)));
  }
  if (req.method === 'GET' && url.pathname === '/healthz') return send(res, 200, { ok: true });
  // TODO(R3): POST /invalidate {ids} and GET /cache/policies.
  // TODO(R2): GET /cache/stats — {l1: {size, hits, misses, evictions}, redis: {usedMemory, keys, keyBytes}}.
  // TODO(R1, B3): GET /metrics in Prometheus text format (prom-client).
  send(res, 404, { error: `no route ${req.method} ${url.pathname}` });
}

createServer((req, res) => {
  route(req, res).catch((error: Error) => send(res, 502, { error: error.message }));
}).listen(config.port, '127.0.0.1', () => console.log(`cache service listening on ${config.port}`));
