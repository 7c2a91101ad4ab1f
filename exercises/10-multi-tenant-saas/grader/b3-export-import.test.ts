import { afterAll, beforeAll, expect, test } from 'vitest';
import { criterion } from '../../../harness/grading/grader-kit.ts';
import type { SaasClient } from './support/http-client.ts';
import { type Saas, startSaas } from './support/start-saas.ts';
import { expectStatus, idOf, onboard, type Tenant } from './support/tenants.ts';

interface TenantData {
  projects: { name: string; documents: { title: string; body: string }[] }[];
  members: { userId: string; role: string }[];
}

/** Everything a tenant admin can see through the API, with ids replaced by what they point at. */
async function readThroughApi(api: SaasClient, tenant: Tenant): Promise<TenantData> {
  const projects = await expectStatus<{ id: string; name: string }[]>(
    'GET /projects',
    api.get('/projects', { token: tenant.admin }),
    200,
  );
  const withDocuments = [];
  for (const project of projects) {
    const documents = await expectStatus<{ title: string; body: string; projectId: string }[]>(
      'GET /projects/:id/documents',
      api.get(`/projects/${project.id}/documents`, { token: tenant.admin }),
      200,
    );
    for (const d of documents)
      expect(d.projectId, `a document listed under project ${project.id} names another project`).toBe(project.id);
    withDocuments.push({
      name: project.name,
      documents: documents
        .map((d) => ({ title: d.title, body: d.body }))
        .sort((a, b) => a.title.localeCompare(b.title)),
    });
  }
  const members = await expectStatus<{ userId: string; role: string }[]>(
    'GET /members',
    api.get('/members', { token: tenant.admin }),
    200,
  );
  return {
    projects: withDocuments.sort((a, b) => a.name.localeCompare(b.name)),
    members: members.map((m) => ({ userId: m.userId, role: m.role })).sort((a, b) => a.userId.localeCompare(b.userId)),
  };
}

criterion('B3', 'Data export/import', () => {
  let saas: Saas;
  let acme: Tenant;
  let globex: Tenant;
  let fresh: Tenant;
  const globexSecrets = ['globex-secret-project-7f3a', 'globex-secret-body-91c2', 'globex-secret-user-55d0'];

  beforeAll(async () => {
    saas = await startSaas('b3');
    const { api } = saas;
    acme = await onboard(api, 'acme-b3', 'pro');
    globex = await onboard(api, 'globex-b3', 'pro');
    fresh = await onboard(api, 'fresh-b3', 'pro');
    const add = async (tenant: Tenant, project: string, documents: [string, string][]) => {
      const id = idOf(
        await expectStatus(
          'POST /projects',
          api.post('/projects', { token: tenant.admin, body: { name: project } }),
          201,
        ),
      );
      for (const [title, body] of documents) {
        await expectStatus(
          'POST document',
          api.post(`/projects/${id}/documents`, { token: tenant.admin, body: { title, body } }),
          201,
        );
      }
    };
    await add(acme, 'roadmap', [
      ['q1', 'ship the thing'],
      ['q2', 'ünïcödé ✓ and "quotes"'],
    ]);
    await add(acme, 'hiring', [['backend', 'two seniors']]);
    await add(acme, 'empty', []);
    await expectStatus(
      'POST /members',
      api.post('/members', { token: acme.admin, body: { userId: 'acme-bob', role: 'member' } }),
      201,
    );
    await expectStatus(
      'POST /members',
      api.post('/members', { token: acme.admin, body: { userId: 'acme-ann', role: 'admin' } }),
      201,
    );
    await add(globex, globexSecrets[0] as string, [['plan', globexSecrets[1] as string]]);
    await expectStatus(
      'POST /members',
      api.post('/members', { token: globex.admin, body: { userId: globexSecrets[2], role: 'member' } }),
      201,
    );
  });
  afterAll(() => saas?.stop());

  test("an export imported into a fresh tenant reads back identical through the API, with nothing of another tenant's", async () => {
    const { api } = saas;
    const member = await api.get('/export', { token: acme.member });
    expect(member.status, `GET /export as a member\n  ${member.shown}`).toBe(403);
    const exported = await api.get('/export', { token: acme.admin });
    expect(exported.status, `GET /export as acme's admin\n  ${exported.shown}`).toBe(200);
    for (const needle of [...globexSecrets, globex.id]) {
      expect(exported.text, `acme's export contains globex's ${needle}`).not.toContain(needle);
    }
    const before = await readThroughApi(api, acme);
    await expectStatus(
      'POST /import (the export, into a fresh tenant)',
      api.post('/import', { token: fresh.admin, body: exported.json }),
      201,
    );
    expect(
      await readThroughApi(api, fresh),
      "the fresh tenant's data after the import (projects, documents under their projects, members)",
    ).toEqual(before);
    expect(await readThroughApi(api, acme), "acme's own data is unchanged by the export").toEqual(before);
    const globexNow = await readThroughApi(api, globex);
    expect(JSON.stringify(globexNow), 'globex is untouched').toContain(globexSecrets[1]);
    expect(globexNow.projects.length, 'globex gained nothing from the import').toBe(1);
  });

  test('the export is recorded in the audit trail', async () => {
    const res = await saas.api.get('/audit', { token: acme.admin });
    const entries = (res.json as { action?: string; actor?: string }[] | undefined) ?? [];
    expect(
      entries.some((e) => e.action === 'export.requested' && e.actor === acme.adminSub),
      `acme's audit must hold an export.requested entry by ${acme.adminSub}\n  ${res.shown}`,
    ).toBe(true);
  });
});
