import type { FastifyInstance } from 'fastify';
import { audit } from '../audit.ts';
import { requirePlatform, requireTenant } from '../auth.ts';
import { inTenant } from '../db.ts';
import type { Deps } from '../deps.ts';
import { badRequest, HttpError, notFound, requireString, uuidParam } from '../http-error.ts';
import { monthOf, readUsage } from '../metering.ts';
import { isPlan, PLANS } from '../plans.ts';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export function tenantRoutes(app: FastifyInstance, { pool }: Deps): void {
  // Onboarding is one transaction: tenant, settings, quotas and first admin exist together or not at all.
  app.post('/tenants', async (request, reply) => {
    requirePlatform(request.caller);
    const body = request.body as Record<string, unknown> | undefined;
    const name = requireString(body, 'name', 200);
    const plan = body?.plan ?? 'free';
    if (!isPlan(plan)) throw badRequest('plan must be "free" or "pro"');
    const admin = typeof body?.admin === 'string' ? body.admin : undefined;
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<{ id: string }>(
        'INSERT INTO tenants (name, plan) VALUES ($1, $2) RETURNING id',
        [name, plan],
      );
      const id = rows[0]?.id as string;
      await client.query("SELECT set_config('app.tenant_id', $1, true)", [id]);
      await client.query('INSERT INTO settings (tenant_id, settings) VALUES ($1, $2)', [id, { locale: 'en' }]);
      await client.query('INSERT INTO quotas (tenant_id, projects, documents) VALUES ($1, $2, $3)', [
        id,
        PLANS[plan].projects,
        PLANS[plan].documents,
      ]);
      if (admin)
        await client.query("INSERT INTO members (tenant_id, user_id, role) VALUES ($1, $2, 'admin')", [id, admin]);
      await client.query('COMMIT');
      return reply.code(201).send({ id, name, plan });
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  });

  app.put<{ Params: { id: string } }>('/tenants/:id/quotas', async (request) => {
    requirePlatform(request.caller);
    const id = uuidParam(request.params.id, 'tenant');
    const body = (request.body ?? {}) as Record<string, unknown>;
    for (const key of ['projects', 'documents']) {
      const value = body[key];
      if (value !== undefined && !(Number.isInteger(value) && (value as number) >= 0)) {
        throw badRequest(`${key} must be a non-negative integer`);
      }
    }
    return inTenant(pool, id, async (client) => {
      const { rows } = await client.query<{ projects: number; documents: number }>(
        `UPDATE quotas SET projects = coalesce($1, projects), documents = coalesce($2, documents)
         RETURNING projects, documents`,
        [body.projects ?? null, body.documents ?? null],
      );
      if (!rows[0]) throw notFound('tenant');
      await audit(client, id, 'platform', 'quota.changed', id);
      return rows[0];
    });
  });

  app.get<{ Params: { id: string }; Querystring: { month?: string } }>('/tenants/:id/usage', async (request) => {
    const caller = request.caller ?? requireTenant(null);
    const id = uuidParam(request.params.id, 'tenant');
    if (caller.kind === 'tenant' && (caller.tenantId !== id || caller.role !== 'admin')) {
      throw caller.tenantId !== id
        ? notFound('tenant')
        : new HttpError(403, { error: 'only a tenant admin may read usage' });
    }
    const month = request.query.month ?? monthOf();
    if (!MONTH.test(month)) throw badRequest('month must be YYYY-MM');
    return inTenant(pool, id, (client) => readUsage(client, month));
  });
}
