import { afterAll, beforeAll, expect, test } from 'vitest';
import { criterion } from '../../../harness/grading/grader-kit.ts';
import { Catalog } from './support/catalog.ts';
import { PLATFORM_TOKEN } from './support/secrets.ts';
import { type Saas, startSaas } from './support/start-saas.ts';
import { expectStatus, idOf, onboard, type Tenant } from './support/tenants.ts';

interface AuditEntry {
  at: string;
  actor: string;
  action: string;
  target: string;
}

criterion('R4', 'Audit trails', () => {
  let saas: Saas;
  let catalog: Catalog;
  let acme: Tenant;
  let globex: Tenant;
  let startedAt: number;
  const acmeIds = { member: '', project: '' };
  let globexMember = '';

  beforeAll(async () => {
    saas = await startSaas('r4');
    catalog = await Catalog.open(saas.databaseUrl);
    acme = await onboard(saas.api, 'acme-r4', 'pro');
    globex = await onboard(saas.api, 'globex-r4', 'pro');
    startedAt = Date.now() - 60_000;
    const { api } = saas;
    // A forged actor in the body must be ignored: the actor is the token's sub.
    acmeIds.member = idOf(
      await expectStatus(
        'POST /members',
        api.post('/members', { token: acme.admin, body: { userId: 'acme-bob', role: 'member', actor: 'mallory' } }),
        201,
      ),
    );
    await expectStatus(
      'PATCH /members/:id {role: admin}',
      api.patch(`/members/${acmeIds.member}`, { token: acme.admin, body: { role: 'admin', actor: 'mallory' } }),
      200,
    );
    acmeIds.project = idOf(
      await expectStatus('POST /projects', api.post('/projects', { token: acme.admin, body: { name: 'doomed' } }), 201),
    );
    await expectStatus('DELETE /projects/:id', api.delete(`/projects/${acmeIds.project}`, { token: acme.admin }), 204);
    await expectStatus(
      'PUT /tenants/:id/quotas',
      api.put(`/tenants/${acme.id}/quotas`, { token: PLATFORM_TOKEN, body: { projects: 7 } }),
      200,
    );
    globexMember = idOf(
      await expectStatus(
        'POST /members (globex)',
        api.post('/members', { token: globex.admin, body: { userId: 'globex-eve', role: 'member' } }),
        201,
      ),
    );
  });
  afterAll(async () => {
    await catalog?.close();
    await saas?.stop();
  });

  const auditOf = async (tenant: Tenant): Promise<AuditEntry[]> => {
    const res = await saas.api.get('/audit', { token: tenant.admin });
    expect(
      res.status === 200 && Array.isArray(res.json),
      `GET /audit as ${tenant.name}'s admin must answer 200 [{at, actor, action, target}]\n  ${res.shown}`,
    ).toBe(true);
    return res.json as AuditEntry[];
  };

  test('member invited, role changed, project deleted and quota changed each appear with {at, actor, action, target}', async () => {
    const entries = await auditOf(acme);
    const want = [
      { actor: acme.adminSub, action: 'member.invited', target: acmeIds.member },
      { actor: acme.adminSub, action: 'member.role_changed', target: acmeIds.member },
      { actor: acme.adminSub, action: 'project.deleted', target: acmeIds.project },
      { actor: 'platform', action: 'quota.changed', target: acme.id },
    ];
    for (const entry of want) {
      const found = entries.find((e) => e.action === entry.action && e.target === entry.target);
      expect(
        found,
        `no ${entry.action} entry for ${entry.target} in acme's audit:\n  ${JSON.stringify(entries).slice(0, 800)}`,
      ).toBeDefined();
      expect(found?.actor, `the actor of ${entry.action} (from the verified token, never from the body)`).toBe(
        entry.actor,
      );
      const at = Date.parse(found?.at ?? '');
      expect(
        Number.isFinite(at) && at >= startedAt && at <= Date.now() + 60_000,
        `at must be an ISO time of the action, got ${found?.at}`,
      ).toBe(true);
    }
  });

  test("a tenant admin sees only its own tenant's entries; members get 403", async () => {
    const globexEntries = await auditOf(globex);
    const text = JSON.stringify(globexEntries);
    for (const foreign of [acmeIds.member, acmeIds.project, acme.id, acme.adminSub]) {
      expect(text, `globex's audit shows acme's ${foreign}`).not.toContain(foreign);
    }
    expect(
      globexEntries.some((e) => e.target === globexMember),
      `globex's own invitation is missing from its audit\n  ${text.slice(0, 500)}`,
    ).toBe(true);
    const acmeText = JSON.stringify(await auditOf(acme));
    expect(acmeText, "acme's audit shows globex's invitation").not.toContain(globexMember);
    const member = await saas.api.get('/audit', { token: acme.member });
    expect(member.status, `GET /audit as a member\n  ${member.shown}`).toBe(403);
  });

  test('the application role cannot UPDATE, DELETE or TRUNCATE the audit rows', async () => {
    const tables = await catalog.tablesContaining(acmeIds.member, 'member.role_changed');
    expect(tables.length, 'the grader found no table holding the member.role_changed entry').toBeGreaterThan(0);
    await saas.api.get('/audit', { token: acme.admin });
    const roles = await catalog.appRoles();
    for (const role of roles) {
      for (const table of tables) {
        for (const privilege of ['UPDATE', 'DELETE', 'TRUNCATE']) {
          const { rows } = await catalog.query<{ granted: boolean }>(
            'SELECT has_table_privilege($1, $2, $3) AS granted',
            [role, table, privilege],
          );
          expect(
            rows[0]?.granted,
            `${role} (your request role) has ${privilege} on ${table}, the audit trail: grant it INSERT and SELECT only`,
          ).toBe(false);
        }
      }
    }
  });
});
