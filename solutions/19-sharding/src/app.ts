import Fastify, { LogController } from 'fastify';
import type { Logger } from 'pino';
import type { GlobalIndex } from './global-index.ts';
import { HashRing } from './hash-ring.ts';
import type { HotKeyDetector } from './hot-keys.ts';
import type { ShardMetrics } from './metrics.ts';
import { RangeTable } from './range-table.ts';
import type { Rebalancer } from './rebalancer.ts';
import type { Router } from './router.ts';
import { ShardUnavailableError } from './shard-error.ts';
import type { ShardPools } from './shard-pools.ts';
import { withSpan } from './telemetry.ts';

export interface AppParts {
  readonly log: Logger;
  readonly pools: ShardPools;
  readonly router: Router;
  readonly rebalancer: Rebalancer;
  readonly hotKeys: HotKeyDetector;
  readonly metrics: ShardMetrics;
  readonly index: GlobalIndex;
  /** B2: replica lag alerts, each {type: "replica_lag", shard, lagMs, maxLagMs}. */
  readonly alerts: () => object[];
}

interface KeyParams {
  key: string;
}

export function buildApp(parts: AppParts) {
  const { pools, router, rebalancer, hotKeys, metrics, index } = parts;
  const app = Fastify({ loggerInstance: parts.log, logController: new LogController({ disableRequestLogging: true }) });

  app.addHook('onResponse', async (request, reply) => {
    metrics.httpRequests.inc({ route: request.routeOptions.url ?? 'unknown', status: String(reply.statusCode) });
  });
  app.setErrorHandler((error, request, reply) => {
    if (error instanceof ShardUnavailableError) {
      request.log.warn({ shard: error.shard, url: request.url }, 'shard unavailable');
      return reply.code(503).send({ error: error.message, shard: error.shard });
    }
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    return reply.code(status).send({ error: (error as Error).message });
  });

  app.get('/healthz', async () => ({ ok: true, shards: pools.names() }));

  app.get<{ Params: KeyParams }>('/route/:key', async (request) => ({
    key: request.params.key,
    shard: router.ownerOf(request.params.key),
  }));

  // The key path: one span per key operation (exported when OTEL_EXPORTER_OTLP_ENDPOINT is set).
  app.put<{ Params: KeyParams; Body: { value?: unknown; email?: unknown } }>('/kv/:key', async (request, reply) => {
    const body = request.body;
    if (typeof body !== 'object' || body === null || body.value === undefined) {
      return reply.code(400).send({ error: 'body must be {"value": …, "email"?: "…"}' });
    }
    if (body.email !== undefined && body.email !== null && typeof body.email !== 'string') {
      return reply.code(400).send({ error: 'email must be a string or null' });
    }
    const email = typeof body.email === 'string' && body.email !== '' ? body.email : null;
    const key = request.params.key;
    const { shard, version } = await withSpan('kv.put', { 'kv.key': key }, () => router.put(key, body.value, email));
    return { key, shard, version: Number(version) };
  });

  app.get<{ Params: KeyParams }>('/kv/:key', async (request, reply) => {
    const key = request.params.key;
    const found = await withSpan('kv.get', { 'kv.key': key }, () => router.get(key));
    if (!found) return reply.code(404).send({ error: `no key "${key}"` });
    return {
      key: found.key,
      value: found.value,
      email: found.email,
      version: Number(found.version),
      shard: found.shard,
    };
  });

  app.delete<{ Params: KeyParams }>('/kv/:key', async (request, reply) => {
    const key = request.params.key;
    await withSpan('kv.delete', { 'kv.key': key }, () => router.delete(key));
    return reply.code(204).send();
  });

  app.post<{ Body: { name?: string; url?: string } }>('/admin/shards', async (request, reply) => {
    const { name, url } = request.body ?? {};
    if (!name || !url) return reply.code(400).send({ error: 'body must be {"name": "s4", "url": "postgres://…"}' });
    if (pools.has(name)) return reply.code(409).send({ error: `shard ${name} exists already` });
    if (rebalancer.running()) return reply.code(409).send({ error: 'a rebalance is running: wait for it to finish' });
    await pools.add(name, url);
    const current = router.placement().current;
    if (current instanceof HashRing) rebalancer.start(new HashRing([...current.shards, name]), `add ${name}`);
    return reply.code(202).send({ shards: pools.names(), rebalance: rebalancer.report() });
  });

  app.get('/admin/rebalance', async () => rebalancer.report());

  app.get('/admin/alerts', async () => ({ alerts: parts.alerts() }));

  app.get('/admin/hot-keys', async () => ({
    keys: hotKeys.list(),
    mitigation:
      'reads of hot keys are served from an in-process cache, invalidated by every write through this service',
  }));

  app.post<{ Body: { mode?: string } }>('/admin/mode', async (request, reply) => {
    const mode = request.body?.mode;
    if (mode !== 'range' && mode !== 'hash') return reply.code(400).send({ error: 'mode must be "range" or "hash"' });
    const current = router.placement().current;
    if (current.kind === mode) return reply.code(200).send({ mode });
    const next = mode === 'range' ? RangeTable.whole(pools.names()[0] as string) : new HashRing(pools.names());
    if (!rebalancer.start(next, `mode ${mode}`)) return reply.code(409).send({ error: 'a rebalance is running' });
    return reply.code(202).send({ mode });
  });

  const rangeTable = (): RangeTable | undefined => {
    const current = router.placement().current;
    return current instanceof RangeTable ? current : undefined;
  };

  app.get('/admin/ranges', async (_request, reply) => {
    const table = rangeTable();
    if (!table) return reply.code(409).send({ error: 'not in range mode: POST /admin/mode {"mode":"range"} first' });
    return { version: table.version, ranges: table.ranges };
  });

  app.post<{ Body: { at?: string; to?: string } }>('/admin/ranges/split', async (request, reply) => {
    const table = rangeTable();
    const { at, to } = request.body ?? {};
    if (!table) return reply.code(409).send({ error: 'not in range mode' });
    if (!at || !to || !pools.has(to))
      return reply.code(400).send({ error: 'body must be {"at": "key", "to": "<shard>"}' });
    if (!rebalancer.start(table.split(at, to), `split at ${at} to ${to}`))
      return reply.code(409).send({ error: 'a rebalance is running' });
    return reply.code(202).send({ version: table.version + 1 });
  });

  app.post<{ Body: { left?: string; right?: string } }>('/admin/ranges/merge', async (request, reply) => {
    const table = rangeTable();
    const { left, right } = request.body ?? {};
    if (!table) return reply.code(409).send({ error: 'not in range mode' });
    if (left === undefined || right === undefined)
      return reply.code(400).send({ error: 'body must be {"left": "<from>", "right": "<from>"}' });
    if (!rebalancer.start(table.merge(left, right), `merge ${left} + ${right}`))
      return reply.code(409).send({ error: 'a rebalance is running' });
    return reply.code(202).send({ version: table.version + 1 });
  });

  app.get<{ Params: { email: string } }>('/by-email/:email', async (request, reply) => {
    const key = await index.lookup(request.params.email);
    // The index converges later than the data: an entry whose key no longer has this email is stale.
    const found = key === undefined ? undefined : await router.get(key);
    if (!found || found.email !== request.params.email) {
      return reply.code(404).send({ error: `no key has email ${request.params.email}` });
    }
    return { key: found.key, shard: found.shard };
  });

  app.get('/metrics', async (_request, reply) => {
    reply.header('content-type', metrics.registry.contentType);
    return metrics.registry.metrics();
  });

  return app;
}
