import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Redis } from 'ioredis';
import { readConfig } from './config.ts';
import { leaseCache } from './lease-cache.ts';
import { lockMetrics } from './lock-metrics.ts';
import { logger } from './logger.ts';
import { redlockClient, redlockStore } from './redlock-store.ts';
import { resourceClient } from './resource-client.ts';
import { BadRequest, parseRunRequest } from './run-request.ts';
import { runSections } from './run-sections.ts';
import { singleNodeStore } from './single-node-store.ts';
import { inSpan, startTelemetry } from './telemetry.ts';

/**
 * One worker instance: POST /run runs critical sections under a Redis lock, GET /cache/:key serves
 * through a lease-based cache, GET /metrics exposes lock metrics. Several instances run at once.
 */
const telemetry = await startTelemetry('lock-worker');
const config = readConfig();
const log = logger.child({ worker: config.workerId });
const redis = new Redis(config.redisUrl);
redis.on('error', (error: Error) => log.error({ err: error }, `redis: ${error.message}`));
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

const readBody = async (req: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

interface Reply {
  readonly status: number;
  readonly body: unknown;
  readonly type?: string;
}

async function route(req: IncomingMessage, url: URL): Promise<Reply> {
  if (req.method === 'GET' && url.pathname === '/healthz')
    return { status: 200, body: { ok: true, worker: config.workerId } };
  if (req.method === 'POST' && url.pathname === '/run') {
    const request = parseRunRequest(await readBody(req));
    const result = await inSpan(telemetry.tracer, 'lock sections', async (span) => {
      span.setAttributes({ 'lock.name': request.lock, 'lock.iterations': request.iterations });
      const done = await runSections(deps, request);
      span.setAttributes({ 'lock.acquired': done.acquired, 'lock.failed': done.failed });
      return done;
    });
    log.info({ lock: request.lock, acquired: result.acquired, failed: result.failed }, 'run done');
    return { status: 200, body: result };
  }
  if (req.method === 'GET' && url.pathname.startsWith('/cache/')) {
    return { status: 200, body: await cache(decodeURIComponent(url.pathname.slice('/cache/'.length))) };
  }
  if (req.method === 'GET' && url.pathname === '/metrics') {
    return { status: 200, body: await metrics.registry.metrics(), type: metrics.registry.contentType };
  }
  return { status: 404, body: { error: `no route ${req.method} ${url.pathname}` } };
}

/** 400 for the client's mistakes (a bad body, a broken %-escape); 500 for ours. */
function failure(error: Error): Reply {
  if (error instanceof BadRequest || error instanceof URIError) return { status: 400, body: { error: error.message } };
  log.error({ err: error }, error.message);
  return { status: 500, body: { error: error.message } };
}

function send(res: ServerResponse, { status, body, type = 'application/json' }: Reply): void {
  res.writeHead(status, { 'content-type': type });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://worker');
  route(req, url)
    .catch(failure)
    .then((reply) => send(res, reply));
});
// Idle keep-alive sockets are closed by the client, never by us: a server that closes one just as a
// busy client reuses it makes that client's request fail (Node's default here is 5 s).
server.keepAliveTimeout = 65_000;
server.listen(config.port, '127.0.0.1', () => log.info({ port: config.port }, 'worker listening'));

process.once('SIGTERM', () => {
  server.close();
  void telemetry.shutdown().finally(() => process.exit(0));
});
