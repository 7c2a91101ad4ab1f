import Fastify from 'fastify';
import { callerOf } from './auth.ts';
import { readConfig } from './config.ts';
import { evaluateFlag } from './evaluate.ts';
import { FLAG_SCHEMA } from './flag-schema.ts';
import { startTelemetry } from './telemetry.ts';

/**
 * The flags service: one instance of several. It already starts, answers /healthz and knows who
 * calls (auth.ts); everything else is yours. The README of the exercise is the contract.
 */
const telemetry = startTelemetry();
const config = readConfig();
// TODO(C5): every line your program writes must be JSON with a level, a message and a time: log with
// app.log (pino), never console.log text. At 'warn' it says nothing while it works: try 'info'.
const app = Fastify({ logger: { level: 'warn' } });

app.get('/healthz', async () => ({ status: 'ok' }));

// TODO(R1): serve the schema you validate requests with; Ajv (draft 2020-12, strict) must compile it.
app.get('/schemas/flag.json', async () => FLAG_SCHEMA);

// TODO(R1): POST /flags, GET /flags, GET/PUT/PATCH/DELETE /flags/:key in Postgres (DATABASE_URL),
// 400 {errors: [{path, message}]} for invalid payloads, 409 duplicate, 404 unknown, 403 for viewers.
// TODO(R3): read flags through a Redis cache (REDIS_URL, keys under KEY_PREFIX naming the tenant),
// ETag / If-None-Match, invalidate on every write, count flags_cache_hits_total / _misses_total.
// TODO(R4): append an audit entry in the same transaction as every change; GET /audit.
app.all('/flags*', async (request, reply) => {
  const caller = await callerOf(request.headers.authorization, config.jwtSecret);
  if (!caller) return reply.code(401).send({ error: 'send Authorization: Bearer <JWT>' });
  return reply.code(501).send({ error: 'flags are not implemented yet' });
});

// TODO(R2): POST /evaluate and POST /evaluate/batch with evaluateFlag() over the tenant's flags.
app.post('/evaluate', async (_request, reply) => {
  void evaluateFlag;
  return reply.code(501).send({ error: 'evaluation is not implemented yet' });
});

// TODO(R3): Prometheus text with flags_cache_hits_total and flags_cache_misses_total.
// TODO(C5): make them prom-client Counters in a Registry of your own, and count evaluations too.
app.get('/metrics', async (_request, reply) => reply.type('text/plain').send(''));

// TODO(B3): GET /admin?token=… — a page whose [data-flag=<key>] [data-testid=toggle] switches a flag
// (disabled for viewers) and whose [data-testid=audit] lists the changes with their actor.

const shutdown = async () => {
  await app.close();
  await telemetry.shutdown();
  process.exit(0);
};
process.once('SIGTERM', () => void shutdown());
process.once('SIGINT', () => void shutdown());

await app.listen({ port: config.port, host: '127.0.0.1' });
