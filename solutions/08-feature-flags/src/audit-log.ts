import type pg from 'pg';

export interface AuditQuery {
  readonly tenant: string;
  readonly flagKey?: string;
  readonly actor?: string;
  /** Inclusive. */
  readonly since?: Date;
  /** Exclusive. */
  readonly until?: Date;
  /** Entries older than this id (the previous page's nextCursor). */
  readonly cursor?: string;
  readonly limit: number;
}

export interface AuditEntry {
  id: string;
  at: string;
  actor: string;
  tenant: string;
  action: string;
  flagKey: string;
  diff: unknown;
}

/** Reads the audit log, newest first, one page at a time. There is deliberately no write here. */
export async function queryAudit(
  pool: pg.Pool,
  q: AuditQuery,
): Promise<{ entries: AuditEntry[]; nextCursor: string | null }> {
  const where = ['tenant = $1'];
  const params: unknown[] = [q.tenant];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (q.flagKey !== undefined) add('flag_key = ?', q.flagKey);
  if (q.actor !== undefined) add('actor = ?', q.actor);
  if (q.since) add('at >= ?', q.since);
  if (q.until) add('at < ?', q.until);
  if (q.cursor !== undefined) add('id < ?', q.cursor);
  params.push(q.limit + 1);
  const { rows } = await pool.query<{
    id: string;
    at: Date;
    actor: string;
    tenant: string;
    action: string;
    flag_key: string;
    diff: unknown;
  }>(
    `SELECT id, at, actor, tenant, action, flag_key, diff FROM audit WHERE ${where.join(' AND ')}
     ORDER BY id DESC LIMIT $${params.length}`,
    params,
  );
  const page = rows.slice(0, q.limit).map((r) => ({
    id: String(r.id),
    at: r.at.toISOString(),
    actor: r.actor,
    tenant: r.tenant,
    action: r.action,
    flagKey: r.flag_key,
    diff: r.diff,
  }));
  return { entries: page, nextCursor: rows.length > q.limit ? (page.at(-1)?.id ?? null) : null };
}
