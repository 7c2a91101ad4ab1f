import type pg from 'pg';

/** The sensitive actions that leave an audit entry. */
export type AuditAction =
  | 'member.invited'
  | 'member.role_changed'
  | 'project.deleted'
  | 'quota.changed'
  | 'export.requested'
  | 'domain.added';

/** Written in the caller's transaction: the action and its audit entry commit or vanish together. */
export async function audit(
  client: pg.PoolClient,
  tenantId: string,
  actor: string,
  action: AuditAction,
  target: string,
): Promise<void> {
  await client.query('INSERT INTO audit_log (tenant_id, actor, action, target) VALUES ($1, $2, $3, $4)', [
    tenantId,
    actor,
    action,
    target,
  ]);
}
