import { afterAll, beforeAll, expect, test } from 'vitest';
import { criterion, freePort } from '../../../harness/grading/grader-kit.ts';
import { type BillingEndpoint, startBillingEndpoint } from './support/billing-endpoint.ts';
import { expectedInvoice, type Usage } from './support/pricing.ts';
import { PLATFORM_TOKEN } from './support/secrets.ts';
import { type Saas, startSaas } from './support/start-saas.ts';
import { expectStatus, idOf, onboard, sleep, type Tenant } from './support/tenants.ts';

const month = () => new Date().toISOString().slice(0, 7);
const previousMonth = () => {
  const d = new Date();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - 1);
  return d.toISOString().slice(0, 7);
};
const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

criterion('R3', 'Billing hooks', () => {
  let saas: Saas;
  let billing: BillingEndpoint;
  let acme: Tenant;
  let globex: Tenant;
  let idle: Tenant;
  const expected = new Map<string, Usage>();

  beforeAll(async () => {
    billing = await startBillingEndpoint(await freePort());
    saas = await startSaas('r3', { BILLING_WEBHOOK_URL: billing.url });
    acme = await onboard(saas.api, 'acme-r3', 'free');
    globex = await onboard(saas.api, 'globex-r3', 'pro');
    idle = await onboard(saas.api, 'idle-r3', 'free');
  });
  afterAll(async () => {
    await saas?.stop();
    await billing?.close();
  });

  /** Drives a tenant through a known workload and returns what it must be billed for. */
  const workload = async (tenant: Tenant, documents: string[]): Promise<Usage> => {
    const { api } = saas;
    let ok = 0;
    const project = idOf(
      await expectStatus(
        'POST /projects',
        api.post('/projects', { token: tenant.admin, body: { name: 'billing' } }),
        201,
      ),
    );
    ok++;
    const ids: string[] = [];
    for (const [i, body] of documents.entries()) {
      ids.push(
        idOf(
          await expectStatus(
            'POST document',
            api.post(`/projects/${project}/documents`, { token: tenant.admin, body: { title: `doc ${i}`, body } }),
            201,
          ),
        ),
      );
      ok++;
    }
    await expectStatus('GET /projects', api.get('/projects', { token: tenant.member }), 200);
    ok++;
    await expectStatus('GET /documents/:id', api.get(`/documents/${ids[0]}`, { token: tenant.admin }), 200);
    ok++;
    const edited = 'édité ✓';
    await expectStatus(
      'PATCH /documents/:id',
      api.patch(`/documents/${ids[0]}`, { token: tenant.admin, body: { body: edited } }),
      200,
    );
    ok++;
    await expectStatus('DELETE /documents/:id', api.delete(`/documents/${ids[1]}`, { token: tenant.admin }), 204);
    ok++;
    // Failed requests are not billed.
    expect((await api.get('/documents/00000000-0000-4000-8000-000000000000', { token: tenant.admin })).status).toBe(
      404,
    );
    expect((await api.post('/projects', { token: tenant.admin, body: {} })).status).toBe(400);
    const live = [edited, ...documents.slice(2)];
    return {
      apiRequests: ok,
      documentsCreated: documents.length,
      storageBytes: live.reduce((sum, d) => sum + bytes(d), 0),
    };
  };

  test('GET /tenants/:id/usage?month= equals what the grader did, per tenant; another month is empty', async () => {
    expected.set(acme.id, await workload(acme, ['alpha', 'ünïcödé 🚀', 'x'.repeat(3000), 'plain']));
    expected.set(globex.id, await workload(globex, ['one', 'two', '三']));
    expected.set(idle.id, { apiRequests: 0, documentsCreated: 0, storageBytes: 0 });
    for (const tenant of [acme, globex, idle]) {
      const want = expected.get(tenant.id);
      let last = '';
      // Counters flushed in batches get a few seconds to land; an over-count never comes back down.
      for (let attempt = 0; attempt < 20; attempt++) {
        const res = await saas.api.get(`/tenants/${tenant.id}/usage?month=${month()}`, { token: PLATFORM_TOKEN });
        last = res.shown;
        if (res.status === 200 && JSON.stringify(res.json) === JSON.stringify(want)) break;
        if (res.status === 200 && ((res.json as Usage).apiRequests ?? 0) > (want?.apiRequests ?? 0)) break;
        await sleep(250);
      }
      const res = await saas.api.get(`/tenants/${tenant.id}/usage?month=${month()}`, { token: PLATFORM_TOKEN });
      expect(
        res.json,
        `${tenant.name}'s usage this month (successful tenant requests only; the grader's reads use the platform token)\n  ${last}`,
      ).toEqual(want);
    }
    const old = await saas.api.get(`/tenants/${acme.id}/usage?month=${previousMonth()}`, { token: PLATFORM_TOKEN });
    expect(old.json, `nothing happened last month\n  ${old.shown}`).toMatchObject({
      apiRequests: 0,
      documentsCreated: 0,
    });
  });

  test('POST /billing/close sends one invoice per tenant, priced as the README says; closing the month again sends nothing new', async () => {
    const { api } = saas;
    expect(expected.size, 'the usage test must run first').toBe(3);
    // Reading usage as the platform must not bill anyone: the invoices still match the workload.
    await expectStatus(
      'POST /billing/close',
      api.post(`/billing/close?month=${month()}`, { token: PLATFORM_TOKEN }),
      200,
    );
    const received = billing.received();
    expect(received.length, `invoices received after the close answered: ${JSON.stringify(received)}`).toBe(3);
    for (const [tenantId, usage] of expected) {
      const invoice = received.find((r) => (r as { tenantId?: string }).tenantId === tenantId);
      expect(invoice, `an invoice for ${tenantId} — received ${JSON.stringify(received)}`).toBeDefined();
      expect(invoice, 'the invoice: lines in integer cents, rounded up per started unit').toEqual(
        expectedInvoice(tenantId, month(), usage),
      );
    }
    await expectStatus(
      'POST /billing/close (again)',
      api.post(`/billing/close?month=${month()}`, { token: PLATFORM_TOKEN }),
      200,
    );
    await sleep(1_000);
    expect(billing.received().length, 'closing the same month twice must not send invoices again').toBe(3);
    const asTenant = await api.post(`/billing/close?month=${month()}`, { token: acme.admin });
    expect([401, 403], `a tenant closing the month\n  ${asTenant.shown}`).toContain(asTenant.status);
  });
});
