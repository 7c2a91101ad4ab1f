import type { FastifyInstance } from 'fastify';
import { requirePlatform } from '../auth.ts';
import { inTenant } from '../db.ts';
import type { Deps } from '../deps.ts';
import { badRequest, HttpError } from '../http-error.ts';
import { readUsage } from '../metering.ts';
import { type Invoice, priceUsage } from '../pricing.ts';

/**
 * Month close: each tenant's invoice is stored once (primary key tenant + month) before it is
 * sent, and marked sent after the webhook took it — closing twice re-sends only what never left.
 */
export function billingRoutes(app: FastifyInstance, { pool, config, metrics }: Deps): void {
  app.post<{ Querystring: { month?: string } }>('/billing/close', async (request) => {
    requirePlatform(request.caller);
    const month = request.query.month ?? '';
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw badRequest('month must be YYYY-MM');
    const webhook = config.billingWebhookUrl;
    if (!webhook) throw new HttpError(503, { error: 'BILLING_WEBHOOK_URL is not set' });
    const tenants = await pool.query<{ id: string }>('SELECT id FROM tenants ORDER BY created_at, id');
    let sent = 0;
    for (const { id } of tenants.rows) {
      const pending = await inTenant(pool, id, async (client) => {
        const invoice = priceUsage(id, month, await readUsage(client, month));
        await client.query('INSERT INTO invoices (tenant_id, month, body) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
          id,
          month,
          invoice,
        ]);
        const { rows } = await client.query<{ body: Invoice }>(
          'SELECT body FROM invoices WHERE month = $1 AND sent_at IS NULL',
          [month],
        );
        return rows[0]?.body;
      });
      if (!pending) continue;
      const response = await fetch(webhook, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(pending),
        signal: AbortSignal.timeout(10_000),
      });
      if (!response.ok) throw new HttpError(502, { error: `the billing webhook answered ${response.status}` });
      await inTenant(pool, id, (client) =>
        client.query('UPDATE invoices SET sent_at = now() WHERE month = $1', [month]),
      );
      metrics.invoicesSent.inc();
      sent++;
    }
    return { month, sent };
  });
}
