import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { queryAudit } from '../audit-log.ts';
import { callerOrReply } from './caller.ts';

type AuditQueryString = Partial<Record<'flagKey' | 'actor' | 'since' | 'until' | 'cursor' | 'limit', string>>;

/** GET /audit only: entries are appended with the changes and no route changes or deletes them. */
export function auditRoutes(app: FastifyInstance, pool: pg.Pool, jwtSecret: Uint8Array): void {
  app.get<{ Querystring: AuditQueryString }>('/audit', async (request, reply) => {
    const caller = await callerOrReply(request, reply, jwtSecret);
    if (!caller) return reply;
    const q = request.query;
    const errors = [];
    const date = (name: 'since' | 'until') => {
      const value = q[name];
      if (value === undefined) return undefined;
      const parsed = new Date(value);
      if (Number.isNaN(parsed.getTime())) errors.push({ path: `/${name}`, message: 'must be an ISO 8601 time' });
      return parsed;
    };
    const since = date('since');
    const until = date('until');
    const limit = q.limit === undefined ? 50 : Number(q.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) errors.push({ path: '/limit', message: 'must be 1…500' });
    if (q.cursor !== undefined && !/^\d+$/.test(q.cursor))
      errors.push({ path: '/cursor', message: 'is not a cursor of this log' });
    if (errors.length) return reply.code(400).send({ errors });
    return queryAudit(pool, {
      tenant: caller.tenant,
      limit,
      ...(q.flagKey !== undefined ? { flagKey: q.flagKey } : {}),
      ...(q.actor !== undefined ? { actor: q.actor } : {}),
      ...(since ? { since } : {}),
      ...(until ? { until } : {}),
      ...(q.cursor !== undefined ? { cursor: q.cursor } : {}),
    });
  });
}
