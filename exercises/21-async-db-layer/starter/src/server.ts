/**
 * Starter for project 21: a runnable, naive accounts-and-transfers API. Everything works on a quiet
 * day and fails every criterion: one new connection per query, no transactions, no breaker, every
 * read on the primary. Replace it piece by piece (see the TODOs and the README).
 */
import Fastify from 'fastify';
import pg from 'pg';
import { parseTransfer } from './parse-transfer.ts';
import { startTelemetry } from './telemetry.ts';

const telemetry = startTelemetry('async-db-layer');

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) throw new Error('DATABASE_URL is not set');

// TODO(R1): a bounded pg.Pool (POOL_MAX, POOL_ACQUIRE_TIMEOUT_MS, application_name 'async-db-layer',
// STATEMENT_TIMEOUT_MS), GET /pool and pg_pool_* metrics at GET /metrics.
async function query<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

await query(
  `CREATE TABLE IF NOT EXISTS accounts (id serial PRIMARY KEY, tenant_id text NOT NULL, balance integer NOT NULL)`,
);

const app = Fastify({ logger: true });

app.get('/healthz', async () => ({ ok: true }));

app.post('/accounts', async (request, reply) => {
  const { balance = 0 } = (request.body ?? {}) as { balance?: number };
  const tenant = String(request.headers['x-tenant-id'] ?? '');
  const [account] = await query('INSERT INTO accounts (tenant_id, balance) VALUES ($1, $2) RETURNING id, balance', [
    tenant,
    balance,
  ]);
  return reply.code(201).send(account);
});

// TODO(R4): read from DATABASE_REPLICA_URL; honour X-Session-LSN; GET /replica and replica_lag_seconds.
// TODO(B2): filter by the tenant of X-Tenant-Id through AsyncLocalStorage.
app.get('/accounts/:id', async (request, reply) => {
  const [account] = await query('SELECT id, balance FROM accounts WHERE id = $1', [
    Number((request.params as { id: string }).id),
  ]);
  return account ? account : reply.code(404).send({ code: 'NOT_FOUND' });
});

// TODO(R2): both writes in one transaction, rows locked in id order, retried on 40P01 / 40001;
// POST /transfers/batch applies a whole list in one transaction.
// TODO(R3): a circuit breaker around the primary (GET /breaker, 503 CIRCUIT_OPEN).
app.post('/transfers', async (request, reply) => {
  const transfer = parseTransfer(request.body);
  if (!transfer) return reply.code(400).send({ code: 'BAD_REQUEST', message: 'from, to, amount: positive integers' });
  const { from, to, amount } = transfer;
  await query('UPDATE accounts SET balance = balance - $2 WHERE id = $1', [from, amount]);
  await query('UPDATE accounts SET balance = balance + $2 WHERE id = $1', [to, amount]);
  return { from, to, amount, applied: true };
});

// TODO(B1): named prepared statements when STATEMENT_CACHE=on; GET /accounts/:id/report?delayMs=.
// TODO(B3): slow-query log lines and the db_query_duration_seconds histogram.

process.once(
  'SIGTERM',
  () =>
    void app
      .close()
      .then(() => telemetry.shutdown())
      .finally(() => process.exit(0)),
);

await app.listen({ port: Number(process.env.PORT ?? 3000), host: '127.0.0.1' });
