import Fastify from 'fastify';
import pg from 'pg';
import { startTelemetry } from './telemetry.ts';

/**
 * A key-value service over SHARD_URLS (name=postgres-url pairs; without it, DATABASE_URL is the one
 * shard s1). It runs, but it is not sharded yet: every key goes to the first shard.
 */
const telemetry = startTelemetry('sharded-kv');
const shards = (process.env.SHARD_URLS || (process.env.DATABASE_URL ? `s1=${process.env.DATABASE_URL}` : ''))
  .split(',')
  .filter(Boolean)
  .map((pair) => {
    const at = pair.indexOf('=');
    return { name: pair.slice(0, at), url: pair.slice(at + 1) };
  });
const first = shards[0];
if (!first) throw new Error('SHARD_URLS and DATABASE_URL are empty: give SHARD_URLS as name=postgres-url pairs');

// TODO(R2): one pool per shard, with max SHARD_POOL_MAX and every call bounded by SHARD_TIMEOUT_MS;
// a dead shard must answer 503 {error, shard} for its own keys only.
const pool = new pg.Pool({ connectionString: first.url });
pool.on('error', () => {});
await pool.query(`create table if not exists kv (key text primary key, value jsonb not null, email text,
  version bigint not null, updated_at timestamptz not null)`);

const app = Fastify({ logger: true });

app.get('/healthz', async () => ({ ok: true }));

// TODO(R1): route with the same function as the ring command.
app.get<{ Params: { key: string } }>('/route/:key', async (request) => ({
  key: request.params.key,
  shard: first.name,
}));

app.put<{ Params: { key: string }; Body: { value: unknown; email?: string } }>('/kv/:key', async (request) => {
  const version = Date.now();
  await pool.query(
    `insert into kv (key, value, email, version, updated_at) values ($1, $2, $3, $4, now())
     on conflict (key) do update set value = excluded.value, email = excluded.email, version = excluded.version`,
    [request.params.key, JSON.stringify(request.body.value), request.body.email ?? null, version],
  );
  return { key: request.params.key, shard: first.name, version };
});

app.get<{ Params: { key: string } }>('/kv/:key', async (request, reply) => {
  const { rows } = await pool.query('select key, value, email, version from kv where key = $1', [request.params.key]);
  if (!rows[0]) return reply.code(404).send({ error: 'not found' });
  return { ...rows[0], version: Number(rows[0].version), shard: first.name };
});

app.delete<{ Params: { key: string } }>('/kv/:key', async (request, reply) => {
  await pool.query('delete from kv where key = $1', [request.params.key]);
  return reply.code(204).send();
});

// TODO(R3): POST /admin/shards {name, url} adds a shard and moves keys online; GET /admin/rebalance reports progress.
app.post('/admin/shards', async (_request, reply) => reply.code(501).send({ error: 'not implemented yet' }));
app.get('/admin/rebalance', async () => ({ state: 'idle', moved: 0, total: 0 }));

// TODO(R4): per-shard metrics at /metrics (prom-client) and GET /admin/hot-keys.
app.get('/admin/hot-keys', async () => ({ keys: [], mitigation: 'none yet' }));

// TODO(B1): POST /admin/mode, GET /admin/ranges, POST /admin/ranges/split and /merge.
// TODO(B3): GET /by-email/:email through a global secondary index.

await app.listen({ port: Number(process.env.PORT ?? 3000), host: '127.0.0.1' });

process.once('SIGTERM', async () => {
  await app.close();
  await pool.end();
  await telemetry.shutdown();
  process.exit(0);
});
