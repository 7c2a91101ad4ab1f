import type pg from 'pg';
import { HttpError } from './http-error.ts';

export type QuotaResource = 'projects' | 'documents';

/**
 * Checks one more `resource` fits the tenant's quota. The FOR UPDATE lock on the tenant's quota
 * row serialises concurrent creates of one tenant until the caller's transaction commits, so
 * twenty parallel requests cannot all see "2 of 3" and overshoot.
 */
export async function reserveQuota(client: pg.PoolClient, resource: QuotaResource): Promise<void> {
  const quota = await client.query<{ limit: number }>(`SELECT ${resource} AS limit FROM quotas FOR UPDATE`);
  const limit = quota.rows[0]?.limit ?? 0;
  const counted = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${resource}`);
  const usage = Number(counted.rows[0]?.n ?? 0);
  if (usage >= limit) {
    throw new HttpError(403, {
      code: 'QUOTA_EXCEEDED',
      resource,
      limit,
      usage,
      error: `quota exceeded: ${usage} of ${limit} ${resource} used; delete some or ask for a higher quota`,
    });
  }
}
