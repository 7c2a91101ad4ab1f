import type { FastifyInstance } from 'fastify';
import { requireTenant } from '../auth.ts';
import { inTenant } from '../db.ts';
import type { Deps } from '../deps.ts';
import { badRequest, notFound, requireString, uuidParam } from '../http-error.ts';
import { countDocumentCreated } from '../metering.ts';
import { reserveQuota } from '../quotas.ts';

const COLUMNS = 'id, project_id AS "projectId", title, body';

export function documentRoutes(app: FastifyInstance, { pool }: Deps): void {
  app.get<{ Params: { id: string } }>('/projects/:id/documents', async (request) => {
    const caller = requireTenant(request.caller);
    const projectId = uuidParam(request.params.id, 'project');
    return inTenant(pool, caller.tenantId, async (client) => {
      const project = await client.query('SELECT 1 FROM projects WHERE id = $1', [projectId]);
      if (!project.rowCount) throw notFound('project');
      const { rows } = await client.query(
        `SELECT ${COLUMNS} FROM documents WHERE project_id = $1 ORDER BY created_at, id`,
        [projectId],
      );
      return rows;
    });
  });

  app.post<{ Params: { id: string } }>('/projects/:id/documents', async (request, reply) => {
    const caller = requireTenant(request.caller);
    const projectId = uuidParam(request.params.id, 'project');
    const title = requireString(request.body, 'title', 500);
    const body = (request.body as Record<string, unknown>).body ?? '';
    if (typeof body !== 'string') throw badRequest('body must be a string');
    const document = await inTenant(pool, caller.tenantId, async (client) => {
      // Foreign-key checks ignore RLS: look the project up first, or a tenant could attach to a foreign one.
      const project = await client.query('SELECT 1 FROM projects WHERE id = $1', [projectId]);
      if (!project.rowCount) throw notFound('project');
      await reserveQuota(client, 'documents');
      const { rows } = await client.query(
        `INSERT INTO documents (tenant_id, project_id, title, body) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`,
        [caller.tenantId, projectId, title, body],
      );
      await countDocumentCreated(client, caller.tenantId);
      return rows[0];
    });
    return reply.code(201).send(document);
  });

  app.get<{ Params: { id: string } }>('/documents/:id', async (request) => {
    const caller = requireTenant(request.caller);
    const id = uuidParam(request.params.id, 'document');
    return inTenant(pool, caller.tenantId, async (client) => {
      const { rows } = await client.query(`SELECT ${COLUMNS} FROM documents WHERE id = $1`, [id]);
      if (!rows[0]) throw notFound('document');
      return rows[0];
    });
  });

  app.patch<{ Params: { id: string } }>('/documents/:id', async (request) => {
    const caller = requireTenant(request.caller);
    const id = uuidParam(request.params.id, 'document');
    const patch = (request.body ?? {}) as Record<string, unknown>;
    for (const key of ['title', 'body']) {
      if (patch[key] !== undefined && typeof patch[key] !== 'string') throw badRequest(`${key} must be a string`);
    }
    return inTenant(pool, caller.tenantId, async (client) => {
      const { rows } = await client.query(
        `UPDATE documents SET title = coalesce($2, title), body = coalesce($3, body) WHERE id = $1 RETURNING ${COLUMNS}`,
        [id, patch.title ?? null, patch.body ?? null],
      );
      if (!rows[0]) throw notFound('document');
      return rows[0];
    });
  });

  app.delete<{ Params: { id: string } }>('/documents/:id', async (request, reply) => {
    const caller = requireTenant(request.caller);
    const id = uuidParam(request.params.id, 'document');
    await inTenant(pool, caller.tenantId, async (client) => {
      const { rowCount } = await client.query('DELETE FROM documents WHERE id = $1', [id]);
      if (!rowCount) throw notFound('document');
    });
    return reply.code(204).send();
  });
}
