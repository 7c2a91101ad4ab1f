import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { criterion, freePort, lab } from '../../../harness/grading/grader-kit.ts';
import { type DomainProxy, startDomainProxy } from './support/domain-proxy.ts';
import { type GraderCa, startGraderCa } from './support/grader-ca.ts';
import { type Saas, startSaas } from './support/start-saas.ts';
import { expectStatus, onboard, type Tenant } from './support/tenants.ts';
import { getOverTls } from './support/tls-probe.ts';

const suffix = randomBytes(3).toString('hex');
const domainOf = (name: string) => `${name}-${suffix}.example.test`;

criterion('B2', 'Custom domains', () => {
  let saas: Saas;
  let ca: GraderCa;
  let proxy: DomainProxy;
  let tlsPort: number;
  let acme: Tenant;
  let globex: Tenant;
  const domains = { acme: domainOf('acme'), globex: domainOf('globex'), unverified: domainOf('shady') };

  beforeAll(async () => {
    ca = await startGraderCa(join(lab().workDir, 'b2-ca'), await freePort());
    proxy = await startDomainProxy(await freePort(), (domain) => ca.allowed.add(domain));
    tlsPort = await freePort();
    saas = await startSaas('b2', { TLS_PORT: String(tlsPort), DOMAIN_CHECK_PROXY: proxy.url, CERT_ISSUER_URL: ca.url });
    acme = await onboard(saas.api, 'acme-b2', 'pro');
    globex = await onboard(saas.api, 'globex-b2', 'pro');
  });
  afterAll(async () => {
    await saas?.stop();
    await proxy?.close();
    await ca?.close();
  });

  const claim = async (tenant: Tenant, domain: string): Promise<string> => {
    const body = await expectStatus<{ domain?: string; token?: string }>(
      `POST /domains {domain: ${domain}}`,
      saas.api.post('/domains', { token: tenant.admin, body: { domain } }),
      201,
    );
    expect(typeof body.token, `POST /domains answers {domain, token}: ${JSON.stringify(body)}`).toBe('string');
    return body.token as string;
  };

  test('a domain verified through its HTTP token gets a certificate from the grader CA; SNI picks it and Host picks the tenant', async () => {
    for (const [tenant, domain] of [
      [acme, domains.acme],
      [globex, domains.globex],
    ] as const) {
      proxy.publish(domain, await claim(tenant, domain));
      await expectStatus(
        `POST /domains/${domain}/verify`,
        saas.api.post(`/domains/${domain}/verify`, { token: tenant.admin }),
        200,
      );
      expect(
        ca.signed,
        `after verifying ${domain} your program must have had a certificate signed at CERT_ISSUER_URL/sign`,
      ).toContain(domain);
    }
    for (const [tenant, domain] of [
      [acme, domains.acme],
      [globex, domains.globex],
    ] as const) {
      const answer = await getOverTls(tlsPort, domain, ca.caPem).catch((error: Error) => {
        throw new Error(
          `HTTPS on TLS_PORT ${tlsPort} with SNI ${domain}, trusting only the grader's CA, failed: ${error.message}`,
        );
      });
      expect(answer.cert.subjectaltname, `the certificate presented for SNI ${domain}`).toBe(`DNS:${domain}`);
      expect(answer.status, `GET /tenant over https://${domain}: ${answer.body}`).toBe(200);
      expect(JSON.parse(answer.body), `https://${domain}/tenant must serve ${tenant.name}`).toMatchObject({
        id: tenant.id,
      });
    }
  });

  test("an unverified name gets no certificate and no tenant; nobody can claim another tenant's domain", async () => {
    const token = await claim(acme, domains.unverified);
    proxy.publish(domains.unverified, `${token}-wrong`);
    const verify = await saas.api.post(`/domains/${domains.unverified}/verify`, { token: acme.admin });
    expect(
      verify.status,
      `verifying while the domain serves a different token must fail\n  ${verify.shown}`,
    ).toBeGreaterThanOrEqual(400);
    const leaked = await getOverTls(tlsPort, domains.unverified, ca.caPem).then(
      (answer) => (answer.status === 200 ? answer.body : undefined),
      () => undefined,
    );
    expect(leaked, `https://${domains.unverified}/tenant served tenant data without verification`).toBeUndefined();
    const steal = await saas.api.post('/domains', { token: globex.admin, body: { domain: domains.acme } });
    expect(steal.status, `globex claiming acme's verified domain\n  ${steal.shown}`).toBeGreaterThanOrEqual(400);
    const foreignVerify = await saas.api.post(`/domains/${domains.acme}/verify`, { token: globex.admin });
    expect(foreignVerify.status, `globex verifying acme's domain\n  ${foreignVerify.shown}`).toBeGreaterThanOrEqual(
      400,
    );
    const still = await getOverTls(tlsPort, domains.acme, ca.caPem);
    expect(JSON.parse(still.body), `https://${domains.acme}/tenant still serves acme`).toMatchObject({ id: acme.id });
  });
});
