import type pg from 'pg';
import type { Caller } from './auth.ts';
import { documentOf, type Flag, type StoredFlag } from './flag.ts';
import { jsonDiff } from './json-diff.ts';

interface FlagRow {
  doc: Flag;
  version: number;
  updated_at: Date;
}

const stored = (row: FlagRow): StoredFlag => ({
  ...row.doc,
  version: row.version,
  updatedAt: row.updated_at.toISOString(),
});

export type WriteResult = { ok: true; flag: StoredFlag | null } | { ok: false; status: 404 | 409 };

/**
 * Flags in Postgres, the source of truth. Every change and its audit entry are written in one
 * transaction, so there is never a change without its entry nor an entry for a refused change.
 */
export class FlagStore {
  constructor(private readonly pool: pg.Pool) {}

  async list(tenant: string): Promise<StoredFlag[]> {
    const { rows } = await this.pool.query<FlagRow>(
      'SELECT doc, version, updated_at FROM flags WHERE tenant = $1 ORDER BY key',
      [tenant],
    );
    return rows.map(stored);
  }

  create(caller: Caller, flag: Flag): Promise<WriteResult> {
    return this.inTransaction(async (client) => {
      const { rows } = await client.query<FlagRow>(
        `INSERT INTO flags (tenant, key, doc, version, updated_at) VALUES ($1, $2, $3, 1, now())
         ON CONFLICT DO NOTHING RETURNING doc, version, updated_at`,
        [caller.tenant, flag.key, flag],
      );
      if (!rows[0]) return { ok: false, status: 409 };
      await audit(client, caller, 'create', flag.key, {}, flag);
      return { ok: true, flag: stored(rows[0]) };
    });
  }

  /** Replaces a flag with `change(current)`; the caller validated the result. */
  update(caller: Caller, key: string, change: (current: Flag) => Flag): Promise<WriteResult> {
    return this.inTransaction(async (client) => {
      const current = await this.locked(client, caller.tenant, key);
      if (!current) return { ok: false, status: 404 };
      const next = change(current.doc);
      const { rows } = await client.query<FlagRow>(
        `UPDATE flags SET doc = $3, version = version + 1, updated_at = now()
         WHERE tenant = $1 AND key = $2 RETURNING doc, version, updated_at`,
        [caller.tenant, key, next],
      );
      await audit(client, caller, 'update', key, current.doc, next);
      return { ok: true, flag: stored(rows[0] as FlagRow) };
    });
  }

  remove(caller: Caller, key: string): Promise<WriteResult> {
    return this.inTransaction(async (client) => {
      const current = await this.locked(client, caller.tenant, key);
      if (!current) return { ok: false, status: 404 };
      await client.query('DELETE FROM flags WHERE tenant = $1 AND key = $2', [caller.tenant, key]);
      await audit(client, caller, 'delete', key, current.doc, {});
      return { ok: true, flag: null };
    });
  }

  private async locked(client: pg.PoolClient, tenant: string, key: string): Promise<FlagRow | undefined> {
    const { rows } = await client.query<FlagRow>(
      'SELECT doc, version, updated_at FROM flags WHERE tenant = $1 AND key = $2 FOR UPDATE',
      [tenant, key],
    );
    return rows[0];
  }

  private async inTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }
}

async function audit(
  client: pg.PoolClient,
  caller: Caller,
  action: 'create' | 'update' | 'delete',
  flagKey: string,
  before: Flag | Record<string, never>,
  after: Flag | Record<string, never>,
): Promise<void> {
  const diff = jsonDiff(documentOf(before as Flag), documentOf(after as Flag));
  await client.query(
    'INSERT INTO audit (at, actor, tenant, action, flag_key, diff) VALUES (clock_timestamp(), $1, $2, $3, $4, $5)',
    [caller.actor, caller.tenant, action, flagKey, JSON.stringify(diff)],
  );
}
