import { afterAll, beforeAll, expect, test } from 'vitest';
import { criterion } from '../../../harness/grading/grader-kit.ts';
import type { Exchange, SaasClient } from './support/http-client.ts';
import { PLATFORM_TOKEN } from './support/secrets.ts';
import { type Saas, startSaas } from './support/start-saas.ts';
import { expectStatus, idOf, onboard, type Tenant } from './support/tenants.ts';

/** The body a refused create must carry. */
const expectQuotaError = (res: Exchange, resource: string, limit: number) => {
  expect(res.status, `one ${resource.slice(0, -1)} over the limit must be refused with 403\n  ${res.shown}`).toBe(403);
  expect(res.json, `the 403 must say {code: QUOTA_EXCEEDED, resource, limit, usage}\n  ${res.shown}`).toMatchObject({
    code: 'QUOTA_EXCEEDED',
    resource,
    limit,
    usage: limit,
  });
};

const createProjects = async (api: SaasClient, tenant: Tenant, count: number, prefix: string) => {
  for (let i = 0; i < count; i++) {
    await expectStatus(
      `POST /projects #${i + 1} within the quota`,
      api.post('/projects', { token: tenant.admin, body: { name: `${prefix}-${i}` } }),
      201,
    );
  }
};

criterion('R2', 'Tenant onboarding & quotas', () => {
  let saas: Saas;
  beforeAll(async () => {
    saas = await startSaas('r2');
  });
  afterAll(() => saas?.stop());

  test('POST /tenants needs the platform token; a new tenant is usable by its admin with the very next request', async () => {
    const { api } = saas;
    const anonymous = await api.post('/tenants', { body: { name: 'nobody', plan: 'free' } });
    expect(anonymous.status, `onboarding without a token\n  ${anonymous.shown}`).toBe(401);
    const tenant = await onboard(api, 'fresh-r2', 'pro');
    const asTenant = await api.post('/tenants', { token: tenant.admin, body: { name: 'sneaky', plan: 'pro' } });
    expect([401, 403], `a tenant admin onboarding another tenant\n  ${asTenant.shown}`).toContain(asTenant.status);
    const created = await api.post('/tenants', { token: PLATFORM_TOKEN, body: { name: 'shape-r2', plan: 'pro' } });
    expect(created.json, `POST /tenants answers {id, name, plan}\n  ${created.shown}`).toMatchObject({
      name: 'shape-r2',
      plan: 'pro',
    });
    const project = idOf(
      await expectStatus(
        'the new admin creating a project',
        api.post('/projects', { token: tenant.admin, body: { name: 'first' } }),
        201,
      ),
    );
    await expectStatus(
      'the new admin creating a document',
      api.post(`/projects/${project}/documents`, { token: tenant.admin, body: { title: 'hello', body: 'world' } }),
      201,
    );
  });

  test('free plan: the 4th project is refused with {code: QUOTA_EXCEEDED, resource: projects, limit: 3, usage: 3}; a pro tenant goes past 3', async () => {
    const { api } = saas;
    const free = await onboard(api, 'free-r2', 'free');
    const pro = await onboard(api, 'pro-r2', 'pro');
    await createProjects(api, free, 3, 'free');
    expectQuotaError(await api.post('/projects', { token: free.admin, body: { name: 'one too many' } }), 'projects', 3);
    await createProjects(api, pro, 5, 'pro');
    const list = await api.get('/projects', { token: free.admin });
    expect((list.json as unknown[] | undefined)?.length, `the refused project must not exist\n  ${list.shown}`).toBe(3);
  });

  test('PUT /tenants/:id/quotas overrides one tenant: documents capped at 4, the 5th refused; other tenants keep their plan', async () => {
    const { api } = saas;
    const capped = await onboard(api, 'capped-r2', 'free');
    const other = await onboard(api, 'other-r2', 'free');
    await expectStatus(
      'PUT /tenants/:id/quotas {documents: 4}',
      api.put(`/tenants/${capped.id}/quotas`, { token: PLATFORM_TOKEN, body: { documents: 4 } }),
      200,
    );
    const asTenant = await api.put(`/tenants/${capped.id}/quotas`, { token: capped.admin, body: { documents: 1000 } });
    expect([401, 403], `a tenant admin raising its own quota\n  ${asTenant.shown}`).toContain(asTenant.status);
    const project = idOf(
      await expectStatus('POST /projects', api.post('/projects', { token: capped.admin, body: { name: 'docs' } }), 201),
    );
    for (let i = 0; i < 4; i++) {
      await expectStatus(
        `document #${i + 1} of 4`,
        api.post(`/projects/${project}/documents`, { token: capped.admin, body: { title: `d${i}`, body: 'x' } }),
        201,
      );
    }
    expectQuotaError(
      await api.post(`/projects/${project}/documents`, { token: capped.admin, body: { title: 'd5', body: 'x' } }),
      'documents',
      4,
    );
    const otherProject = idOf(
      await expectStatus('POST /projects', api.post('/projects', { token: other.admin, body: { name: 'docs' } }), 201),
    );
    for (let i = 0; i < 6; i++) {
      await expectStatus(
        `another free tenant's document #${i + 1} (its limit is still 100)`,
        api.post(`/projects/${otherProject}/documents`, { token: other.admin, body: { title: `d${i}`, body: 'x' } }),
        201,
      );
    }
    const unknown = await api.put('/tenants/00000000-0000-4000-8000-000000000000/quotas', {
      token: PLATFORM_TOKEN,
      body: { projects: 9 },
    });
    expect(unknown.status, `quotas of a tenant that does not exist\n  ${unknown.shown}`).toBe(404);
  });

  test('20 concurrent creates against a quota of 5 projects: exactly 5 succeed, 15 get QUOTA_EXCEEDED', async () => {
    const { api } = saas;
    const tenant = await onboard(api, 'race-r2', 'free');
    await expectStatus(
      'PUT /tenants/:id/quotas {projects: 5}',
      api.put(`/tenants/${tenant.id}/quotas`, { token: PLATFORM_TOKEN, body: { projects: 5 } }),
      200,
    );
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        api.post('/projects', { token: tenant.admin, body: { name: `race-${i}` }, timeoutMs: 30_000 }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201).length, `statuses of 20 concurrent creates: ${statuses.join(', ')}`).toBe(
      5,
    );
    const refused = results.filter((r) => r.status === 403);
    expect(refused.length, `statuses of 20 concurrent creates: ${statuses.join(', ')}`).toBe(15);
    for (const res of refused)
      expect(res.json, res.shown).toMatchObject({ code: 'QUOTA_EXCEEDED', resource: 'projects', limit: 5, usage: 5 });
    const list = await api.get('/projects', { token: tenant.admin });
    expect((list.json as unknown[] | undefined)?.length, `after the race\n  ${list.shown}`).toBe(5);
  });
});
