import type { FastifyInstance } from 'fastify';
import { audit } from '../audit.ts';
import { requireAdmin } from '../auth.ts';
import { inTenant } from '../db.ts';
import type { Deps } from '../deps.ts';
import { badRequest, notFound, requireString, uuidParam } from '../http-error.ts';

const COLUMNS = 'id, user_id AS "userId", role';

const roleOf = (body: unknown): 'admin' | 'member' => {
  const role = (body as Record<string, unknown> | undefined)?.role;
  if (role !== 'admin' && role !== 'member') throw badRequest('role must be "admin" or "member"');
  return role;
};

/** Membership changes are sensitive: each one is audited with the acting user from the token. */
export function memberRoutes(app: FastifyInstance, { pool }: Deps): void {
  app.get('/members', async (request) => {
    const caller = requireAdmin(request.caller);
    return inTenant(pool, caller.tenantId, async (client) => {
      const { rows } = await client.query(`SELECT ${COLUMNS} FROM members ORDER BY created_at, id`);
      return rows;
    });
  });

  app.post('/members', async (request, reply) => {
    const caller = requireAdmin(request.caller);
    const userId = requireString(request.body, 'userId', 200);
    const role = roleOf(request.body);
    const member = await inTenant(pool, caller.tenantId, async (client) => {
      const { rows } = await client.query(
        `INSERT INTO members (tenant_id, user_id, role) VALUES ($1, $2, $3) RETURNING ${COLUMNS}`,
        [caller.tenantId, userId, role],
      );
      await audit(client, caller.tenantId, caller.actor, 'member.invited', rows[0].id);
      return rows[0];
    });
    return reply.code(201).send(member);
  });

  app.patch<{ Params: { id: string } }>('/members/:id', async (request) => {
    const caller = requireAdmin(request.caller);
    const id = uuidParam(request.params.id, 'member');
    const role = roleOf(request.body);
    return inTenant(pool, caller.tenantId, async (client) => {
      const { rows } = await client.query(`UPDATE members SET role = $2 WHERE id = $1 RETURNING ${COLUMNS}`, [
        id,
        role,
      ]);
      if (!rows[0]) throw notFound('member');
      await audit(client, caller.tenantId, caller.actor, 'member.role_changed', id);
      return rows[0];
    });
  });
}
