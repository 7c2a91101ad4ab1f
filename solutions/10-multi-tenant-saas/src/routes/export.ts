import type { FastifyInstance } from 'fastify';
import { audit } from '../audit.ts';
import { requireAdmin } from '../auth.ts';
import { inTenant } from '../db.ts';
import type { Deps } from '../deps.ts';
import { badRequest } from '../http-error.ts';

interface ExportV1 {
  version: 1;
  settings: Record<string, unknown>;
  projects: { id: string; name: string }[];
  documents: { id: string; projectId: string; title: string; body: string }[];
  members: { id: string; userId: string; role: string }[];
}

const isExport = (value: unknown): value is ExportV1 => {
  const doc = value as Partial<ExportV1> | undefined;
  return (
    doc?.version === 1 && Array.isArray(doc.projects) && Array.isArray(doc.documents) && Array.isArray(doc.members)
  );
};

/** A tenant's data as one versioned document, and back into another tenant with fresh ids. */
export function exportRoutes(app: FastifyInstance, { pool }: Deps): void {
  app.get('/export', async (request) => {
    const caller = requireAdmin(request.caller);
    // One snapshot for every table (REPEATABLE READ); RLS guarantees nothing of another tenant is read.
    return inTenant(
      pool,
      caller.tenantId,
      async (client) => {
        const settings = await client.query('SELECT settings FROM settings');
        const projects = await client.query('SELECT id, name FROM projects ORDER BY created_at, id');
        const documents = await client.query(
          'SELECT id, project_id AS "projectId", title, body FROM documents ORDER BY created_at, id',
        );
        const members = await client.query('SELECT id, user_id AS "userId", role FROM members ORDER BY created_at, id');
        await audit(client, caller.tenantId, caller.actor, 'export.requested', caller.tenantId);
        const doc: ExportV1 = {
          version: 1,
          settings: settings.rows[0]?.settings ?? {},
          projects: projects.rows,
          documents: documents.rows,
          members: members.rows,
        };
        return doc;
      },
      'REPEATABLE READ',
    );
  });

  app.post('/import', { bodyLimit: 50 * 1024 * 1024 }, async (request, reply) => {
    const caller = requireAdmin(request.caller);
    const doc = request.body;
    if (!isExport(doc)) throw badRequest('expected an export document {version: 1, projects, documents, members}');
    const counts = await inTenant(pool, caller.tenantId, async (client) => {
      await client.query('UPDATE settings SET settings = $1', [doc.settings ?? {}]);
      const projectIds = new Map<string, string>();
      for (const project of doc.projects) {
        const { rows } = await client.query<{ id: string }>(
          'INSERT INTO projects (tenant_id, name) VALUES ($1, $2) RETURNING id',
          [caller.tenantId, project.name],
        );
        projectIds.set(project.id, rows[0]?.id as string);
      }
      for (const document of doc.documents) {
        const projectId = projectIds.get(document.projectId);
        if (!projectId)
          throw badRequest(`document ${document.id} names project ${document.projectId}, not in the export`);
        await client.query('INSERT INTO documents (tenant_id, project_id, title, body) VALUES ($1, $2, $3, $4)', [
          caller.tenantId,
          projectId,
          document.title,
          document.body,
        ]);
      }
      for (const member of doc.members) {
        await client.query('INSERT INTO members (tenant_id, user_id, role) VALUES ($1, $2, $3)', [
          caller.tenantId,
          member.userId,
          member.role,
        ]);
      }
      return { projects: doc.projects.length, documents: doc.documents.length, members: doc.members.length };
    });
    return reply.code(201).send(counts);
  });
}
