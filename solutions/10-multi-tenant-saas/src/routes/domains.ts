import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { audit } from '../audit.ts';
import { requireAdmin } from '../auth.ts';
import { keyAndCsr } from '../certificates.ts';
import { inTenant } from '../db.ts';
import type { Deps } from '../deps.ts';
import { fetchThroughProxy } from '../domain-check.ts';
import { badRequest, HttpError, notFound } from '../http-error.ts';

const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** Custom domains: claim, prove control with an HTTP token, then get a certificate from the CA. */
export function domainRoutes(app: FastifyInstance, { pool, config }: Deps): void {
  app.post('/domains', async (request, reply) => {
    const caller = requireAdmin(request.caller);
    const domain = String((request.body as Record<string, unknown> | undefined)?.domain ?? '').toLowerCase();
    if (!DOMAIN.test(domain)) throw badRequest('domain must be a DNS name such as app.example.com');
    const token = randomBytes(18).toString('base64url');
    await inTenant(pool, caller.tenantId, async (client) => {
      await client.query('INSERT INTO domains (domain, tenant_id, token) VALUES ($1, $2, $3)', [
        domain,
        caller.tenantId,
        token,
      ]);
      await audit(client, caller.tenantId, caller.actor, 'domain.added', domain);
    });
    return reply.code(201).send({ domain, token });
  });

  app.post<{ Params: { domain: string } }>('/domains/:domain/verify', async (request) => {
    const caller = requireAdmin(request.caller);
    const domain = request.params.domain.toLowerCase();
    const claim = await inTenant(pool, caller.tenantId, async (client) => {
      const { rows } = await client.query<{ token: string }>('SELECT token FROM domains WHERE domain = $1', [domain]);
      return rows[0];
    });
    if (!claim) throw notFound('domain');
    if (!config.domainCheckProxy || !config.certIssuerUrl) {
      throw new HttpError(503, { error: 'DOMAIN_CHECK_PROXY and CERT_ISSUER_URL must be set for custom domains' });
    }
    const served = await fetchThroughProxy(config.domainCheckProxy, domain, `/.well-known/saas-verify/${claim.token}`);
    if (served?.trim() !== claim.token) {
      throw new HttpError(422, {
        error: `http://${domain}/.well-known/saas-verify/${claim.token} did not answer the token; publish it and retry`,
      });
    }
    const { keyPem, csrPem } = await keyAndCsr(domain);
    const signed = await fetch(`${config.certIssuerUrl.replace(/\/$/, '')}/sign`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ csr: csrPem }),
      signal: AbortSignal.timeout(10_000),
    });
    const certificate = ((await signed.json().catch(() => ({}))) as { certificate?: string }).certificate;
    if (!signed.ok || !certificate)
      throw new HttpError(502, { error: `the certificate issuer answered ${signed.status}` });
    await inTenant(pool, caller.tenantId, (client) =>
      client.query('UPDATE domains SET verified_at = now(), cert_pem = $2, key_pem = $3 WHERE domain = $1', [
        domain,
        certificate,
        keyPem,
      ]),
    );
    return { domain, verified: true };
  });
}
