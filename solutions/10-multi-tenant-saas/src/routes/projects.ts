import type { FastifyInstance } from 'fastify';
import { audit } from '../audit.ts';
import { requireTenant } from '../auth.ts';
import { inTenant } from '../db.ts';
import type { Deps } from '../deps.ts';
import { notFound, requireString, uuidParam } from '../http-error.ts';
import { reserveQuota } from '../quotas.ts';

/** No query names a tenant: row-level security scopes every statement to the caller's tenant. */
export function projectRoutes(app: FastifyInstance, { pool }: Deps): void {
  app.get('/projects', async (request) => {
    const caller = requireTenant(request.caller);
    return inTenant(pool, caller.tenantId, async (client) => {
      const { rows } = await client.query('SELECT id, name FROM projects ORDER BY created_at, id');
      return rows;
    });
  });

  app.post('/projects', async (request, reply) => {
    const caller = requireTenant(request.caller);
    const name = requireString(request.body, 'name', 200);
    const project = await inTenant(pool, caller.tenantId, async (client) => {
      await reserveQuota(client, 'projects');
      const { rows } = await client.query('INSERT INTO projects (tenant_id, name) VALUES ($1, $2) RETURNING id, name', [
        caller.tenantId,
        name,
      ]);
      return rows[0];
    });
    return reply.code(201).send(project);
  });

  app.get<{ Params: { id: string } }>('/projects/:id', async (request) => {
    const caller = requireTenant(request.caller);
    const id = uuidParam(request.params.id, 'project');
    return inTenant(pool, caller.tenantId, async (client) => {
      const { rows } = await client.query('SELECT id, name FROM projects WHERE id = $1', [id]);
      if (!rows[0]) throw notFound('project');
      return rows[0];
    });
  });

  app.patch<{ Params: { id: string } }>('/projects/:id', async (request) => {
    const caller = requireTenant(request.caller);
    const id = uuidParam(request.params.id, 'project');
    const name = requireString(request.body, 'name', 200);
    return inTenant(pool, caller.tenantId, async (client) => {
      const { rows } = await client.query('UPDATE projects SET name = $2 WHERE id = $1 RETURNING id, name', [id, name]);
      if (!rows[0]) throw notFound('project');
      return rows[0];
    });
  });

  app.delete<{ Params: { id: string } }>('/projects/:id', async (request, reply) => {
    const caller = requireTenant(request.caller);
    const id = uuidParam(request.params.id, 'project');
    await inTenant(pool, caller.tenantId, async (client) => {
      const { rowCount } = await client.query('DELETE FROM projects WHERE id = $1', [id]);
      if (!rowCount) throw notFound('project');
      await audit(client, caller.tenantId, caller.actor, 'project.deleted', id);
    });
    return reply.code(204).send();
  });
}
