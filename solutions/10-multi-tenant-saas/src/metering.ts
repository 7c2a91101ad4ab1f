import type pg from 'pg';
import { inTenant } from './db.ts';

/** The billing month of an instant, in UTC: 2026-11. */
export const monthOf = (date = new Date()): string => date.toISOString().slice(0, 7);

/** One successful tenant request, counted in the same database as everything it bills. */
export function countRequest(pool: pg.Pool, tenantId: string): Promise<void> {
  return inTenant(pool, tenantId, async (client) => {
    await client.query(
      `INSERT INTO usage (tenant_id, month, api_requests) VALUES ($1, $2, 1)
       ON CONFLICT (tenant_id, month) DO UPDATE SET api_requests = usage.api_requests + 1`,
      [tenantId, monthOf()],
    );
  });
}

/** A created document, counted inside the creating transaction (a rolled-back create is not billed). */
export async function countDocumentCreated(client: pg.PoolClient, tenantId: string): Promise<void> {
  await client.query(
    `INSERT INTO usage (tenant_id, month, documents_created) VALUES ($1, $2, 1)
     ON CONFLICT (tenant_id, month) DO UPDATE SET documents_created = usage.documents_created + 1`,
    [tenantId, monthOf()],
  );
}

export interface Usage {
  readonly apiRequests: number;
  readonly documentsCreated: number;
  readonly storageBytes: number;
}

/** A tenant's usage of `month`; storage is what its live documents' bodies take now, in UTF-8 bytes. */
export async function readUsage(client: pg.PoolClient, month: string): Promise<Usage> {
  const counters = await client.query<{ api: string; docs: string }>(
    'SELECT api_requests AS api, documents_created AS docs FROM usage WHERE month = $1',
    [month],
  );
  const storage = await client.query<{ bytes: string | null }>(
    'SELECT sum(octet_length(body)) AS bytes FROM documents',
  );
  return {
    apiRequests: Number(counters.rows[0]?.api ?? 0),
    documentsCreated: Number(counters.rows[0]?.docs ?? 0),
    storageBytes: Number(storage.rows[0]?.bytes ?? 0),
  };
}
