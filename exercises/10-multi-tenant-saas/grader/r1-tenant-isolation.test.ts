import pg from 'pg';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { criterion } from '../../../harness/grading/grader-kit.ts';
import { Catalog } from './support/catalog.ts';
import type { Exchange } from './support/http-client.ts';
import { APP_DB_PASSWORD, PLATFORM_TOKEN } from './support/secrets.ts';
import { type Saas, startSaas } from './support/start-saas.ts';
import { expectStatus, idOf, onboard, type Tenant } from './support/tenants.ts';

criterion('R1', 'Tenant isolation model', () => {
  let saas: Saas;
  let catalog: Catalog;
  let acme: Tenant;
  let globex: Tenant;
  const ids = { project: '', document: '', member: '', globexProject: '', globexDocument: '' };

  beforeAll(async () => {
    saas = await startSaas('r1');
    catalog = await Catalog.open(saas.databaseUrl);
    const { api } = saas;
    acme = await onboard(api, 'acme-r1');
    globex = await onboard(api, 'globex-r1');
    ids.project = idOf(
      await expectStatus(
        'POST /projects',
        api.post('/projects', { token: acme.admin, body: { name: 'acme secret project' } }),
        201,
      ),
    );
    ids.document = idOf(
      await expectStatus(
        'POST /projects/:id/documents',
        api.post(`/projects/${ids.project}/documents`, {
          token: acme.admin,
          body: { title: 'acme plan', body: 'acme-only text' },
        }),
        201,
      ),
    );
    ids.member = idOf(
      await expectStatus(
        'POST /members',
        api.post('/members', { token: acme.admin, body: { userId: 'acme-bob', role: 'member' } }),
        201,
      ),
    );
    ids.globexProject = idOf(
      await expectStatus(
        'POST /projects',
        api.post('/projects', { token: globex.admin, body: { name: 'globex project' } }),
        201,
      ),
    );
    ids.globexDocument = idOf(
      await expectStatus(
        'POST /projects/:id/documents',
        api.post(`/projects/${ids.globexProject}/documents`, {
          token: globex.admin,
          body: { title: 'globex doc', body: 'globex text' },
        }),
        201,
      ),
    );
  });
  afterAll(async () => {
    await catalog?.close();
    await saas?.stop();
  });

  test("another tenant's ids answer 404 on every route (read, update, delete, nested create) and nothing of theirs changes", async () => {
    const { api } = saas;
    const before = await catalog.snapshotOf(acme.id);
    const token = globex.admin;
    const attacks: Promise<Exchange>[] = [
      api.get(`/projects/${ids.project}`, { token }),
      api.patch(`/projects/${ids.project}`, { token, body: { name: 'pwned' } }),
      api.delete(`/projects/${ids.project}`, { token }),
      api.get(`/projects/${ids.project}/documents`, { token }),
      api.post(`/projects/${ids.project}/documents`, { token, body: { title: 'planted', body: 'planted' } }),
      api.get(`/documents/${ids.document}`, { token }),
      api.patch(`/documents/${ids.document}`, { token, body: { title: 'pwned', body: 'pwned' } }),
      api.delete(`/documents/${ids.document}`, { token }),
      api.patch(`/members/${ids.member}`, { token, body: { role: 'admin' } }),
      api.get(`/tenants/${acme.id}/usage`, { token }),
    ];
    for (const attack of attacks) {
      const res = await attack;
      expect(res.status, `globex's admin used acme's id: must be 404\n  ${res.shown}`).toBe(404);
    }
    // Writes that name the other tenant in the body must land in the caller's own tenant, or be refused.
    await api.post('/projects', {
      token,
      body: { name: 'smuggled', tenantId: acme.id, tenant_id: acme.id, tenant: acme.id },
    });
    await api.post('/members', {
      token,
      body: { userId: 'smuggled', role: 'admin', tenantId: acme.id, tenant_id: acme.id },
    });
    const after = await catalog.snapshotOf(acme.id);
    expect(
      after,
      "acme's rows (read with the grader's own superuser connection) changed while globex attacked them",
    ).toEqual(before);
    const still = await api.get(`/projects/${ids.project}`, { token: acme.admin });
    expect(still.status, `acme still reads its own project\n  ${still.shown}`).toBe(200);
  });

  test("lists show the caller's own tenant only", async () => {
    const { api } = saas;
    const foreign = [ids.project, ids.document, ids.member, acme.id, 'acme-only text', 'acme secret project'];
    for (const path of ['/projects', `/projects/${ids.globexProject}/documents`, '/members', '/audit']) {
      const res = await api.get(path, { token: globex.admin });
      expect(res.status, `GET ${path} as globex's admin\n  ${res.shown}`).toBe(200);
      for (const needle of foreign)
        expect(res.text, `GET ${path} as globex shows acme's data (${needle})\n  ${res.shown}`).not.toContain(needle);
    }
    const own = await api.get('/projects', { token: globex.admin });
    expect(own.text, `GET /projects as globex must list globex's own project\n  ${own.shown}`).toContain(
      ids.globexProject,
    );
  });

  test('every table holding tenant rows has a tenant_id column', async () => {
    for (const [what, id] of [
      ['project', ids.project],
      ['document', ids.document],
      ['member', ids.member],
    ] as const) {
      const tables = await catalog.tablesContaining(id);
      expect(tables.length, `acme's ${what} ${id} is in no table the grader can read`).toBeGreaterThan(0);
      const tenantTables = new Set((await catalog.tenantTables()).map((t) => t.name));
      for (const table of tables) {
        expect(
          tenantTables.has(table),
          `${table} holds acme's ${what} but has no tenant_id column: RLS cannot scope it`,
        ).toBe(true);
      }
    }
  });

  test('request connections (application_name saas-app) use a role that is not superuser, not BYPASSRLS, not a table owner', async () => {
    const res = await saas.api.get('/projects', { token: acme.admin });
    expect(res.status, res.shown).toBe(200);
    const roles = await catalog.appRoles();
    const tables = await catalog.tenantTables();
    for (const role of roles) {
      const facts = await catalog.roleFacts(role);
      expect(
        facts.super,
        `the saas-app connections log in as ${role}, a SUPERUSER: superusers ignore every RLS policy`,
      ).toBe(false);
      expect(
        facts.bypass,
        `the saas-app connections log in as ${role}, which has BYPASSRLS: it ignores every RLS policy`,
      ).toBe(false);
      for (const table of tables) {
        // An owner obeys RLS only when it is forced: a non-forced table must belong to someone else.
        if (table.forced) continue;
        const { rows } = await catalog.query<{ member: boolean }>(`SELECT pg_has_role($1, $2, 'MEMBER') AS member`, [
          role,
          table.owner,
        ]);
        expect(
          rows[0]?.member,
          `${role} owns ${table.name} (or is a member of its owner ${table.owner}), whose RLS is not forced: owners bypass it`,
        ).toBe(false);
      }
    }
  });

  test('every tenant table has row-level security enabled (and forced, or owned by another role) and a policy', async () => {
    const tables = await catalog.tenantTables();
    expect(
      tables.length,
      'no table has a tenant_id column: keep tenant rows in tables with a tenant_id',
    ).toBeGreaterThan(0);
    for (const table of tables) {
      expect(
        table.rls,
        `${table.name} has a tenant_id but ROW LEVEL SECURITY is not enabled: ALTER TABLE … ENABLE ROW LEVEL SECURITY`,
      ).toBe(true);
      const { rows } = await catalog.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM pg_policy WHERE polrelid = $1',
        [table.oid],
      );
      expect(
        rows[0]?.n,
        `${table.name} has RLS but no policy (pg_policies): CREATE POLICY … USING (tenant_id = …)`,
      ).toBeGreaterThan(0);
    }
  });

  test('as the app role with no tenant context, no tenant row is visible', async () => {
    const [role] = await catalog.appRoles();
    const url = new URL(saas.databaseUrl);
    url.username = role as string;
    url.password = APP_DB_PASSWORD;
    const client = new pg.Client({ connectionString: url.toString(), application_name: 'lab-grader-as-app' });
    client.on('error', () => {});
    await client.connect();
    try {
      for (const table of await catalog.tenantTables()) {
        // An error (no privilege, missing setting) is as good as zero rows: nothing leaks.
        const visible = await client
          .query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table.name}`)
          .then((r) => r.rows[0]?.n ?? 0)
          .catch(() => 0);
        expect(
          visible,
          `connected as ${role} without any tenant context, ${table.name} shows ${visible} rows: its policy does not hold`,
        ).toBe(0);
      }
    } finally {
      await client.end().catch(() => {});
    }
  });

  test('tenant routes refuse a missing or forged token, and the platform token is not a tenant', async () => {
    const { api } = saas;
    const none = await api.get('/projects');
    expect(none.status, `no token\n  ${none.shown}`).toBe(401);
    const platform = await api.get(`/projects/${ids.project}`, { token: PLATFORM_TOKEN });
    expect([401, 403, 404], `the platform token reading a tenant's project\n  ${platform.shown}`).toContain(
      platform.status,
    );
  });
});
