import type { FastifyInstance } from 'fastify';
import { requireAdmin } from '../auth.ts';
import { inTenant } from '../db.ts';
import type { Deps } from '../deps.ts';

/** The tenant's own trail, newest first; RLS keeps every other tenant's entries out. */
export function auditRoutes(app: FastifyInstance, { pool }: Deps): void {
  app.get('/audit', async (request) => {
    const caller = requireAdmin(request.caller);
    return inTenant(pool, caller.tenantId, async (client) => {
      const { rows } = await client.query<{ at: Date; actor: string; action: string; target: string }>(
        'SELECT at, actor, action, target FROM audit_log ORDER BY id DESC LIMIT 1000',
      );
      return rows.map((row) => ({ ...row, at: row.at.toISOString() }));
    });
  });
}
