import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Accounts, Transfer } from './accounts.ts';
import type { Config } from './config.ts';
import type { Database } from './db.ts';
import { registry } from './metrics.ts';
import { poolStatus } from './pools.ts';
import { Problem } from './problem.ts';
import type { ReplicaMonitor } from './replica-monitor.ts';
import { withTenant } from './tenant-context.ts';

export interface Services {
  readonly config: Config;
  readonly db: Database;
  readonly accounts: Accounts;
  readonly monitor: ReplicaMonitor;
}

type Handler = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

/** Runs a handler in the tenant context of X-Tenant-Id; without one, tenant queries are refused (400). */
const tenantScoped =
  (handler: Handler): Handler =>
  (request, reply) => {
    const tenant = request.headers['x-tenant-id'];
    return typeof tenant === 'string' && tenant
      ? withTenant(tenant, () => handler(request, reply))
      : handler(request, reply);
  };

const positiveInt = (value: unknown, what: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Problem(400, 'BAD_REQUEST', `${what} must be a positive integer`);
  return n;
};

const parseTransfer = (body: unknown): Transfer => {
  const t = (body ?? {}) as Record<string, unknown>;
  return { from: positiveInt(t.from, 'from'), to: positiveInt(t.to, 'to'), amount: positiveInt(t.amount, 'amount') };
};

export function registerRoutes(app: FastifyInstance, { config, db, accounts, monitor }: Services): void {
  app.get('/healthz', async () => ({ ok: true }));

  app.post(
    '/accounts',
    tenantScoped(async (request, reply) => {
      const balance = Number((request.body as { balance?: unknown } | null)?.balance ?? 0);
      if (!Number.isInteger(balance) || balance < 0)
        throw new Problem(400, 'BAD_REQUEST', 'balance must be an integer ≥ 0');
      const { account, lsn } = await accounts.create(balance);
      return reply.code(201).header('x-session-lsn', lsn).send(account);
    }),
  );

  app.get(
    '/accounts/:id',
    tenantScoped(async (request, reply) => {
      const id = positiveInt((request.params as { id: string }).id, 'id');
      const lsn = request.headers['x-session-lsn'];
      const target = monitor.route(typeof lsn === 'string' ? lsn : undefined, db.breaker.status().state === 'closed');
      return reply.header('x-served-by', target).send(await accounts.read(id, target));
    }),
  );

  app.get(
    '/accounts/:id/report',
    tenantScoped(async (request) => {
      const id = positiveInt((request.params as { id: string }).id, 'id');
      const delayMs = Math.min(Number((request.query as { delayMs?: string }).delayMs ?? 0) || 0, 10_000);
      return accounts.report(id, delayMs);
    }),
  );

  app.post(
    '/transfers',
    tenantScoped(async (request, reply) => {
      const transfer = parseTransfer(request.body);
      const { lsn } = await accounts.transfer([transfer]);
      return reply.header('x-session-lsn', lsn).send({ ...transfer, applied: true });
    }),
  );

  app.post(
    '/transfers/batch',
    tenantScoped(async (request, reply) => {
      const list = (request.body as { transfers?: unknown } | null)?.transfers;
      if (!Array.isArray(list) || list.length === 0 || list.length > 10_000) {
        throw new Problem(400, 'BAD_REQUEST', 'transfers must be a list of 1 to 10000 {from, to, amount}');
      }
      const { result, lsn } = await accounts.transfer(list.map(parseTransfer));
      return reply.header('x-session-lsn', lsn).send({ applied: result });
    }),
  );

  app.get('/pool', async () => ({
    primary: poolStatus(db.pools.primary, config.poolMax),
    replica: poolStatus(db.pools.replica, config.poolMax),
  }));
  app.get('/breaker', async () => db.breaker.status());
  app.get('/replica', async () => monitor.status());
  app.get('/metrics', async (_request, reply) => reply.type(registry.contentType).send(await registry.metrics()));
}
