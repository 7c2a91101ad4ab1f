import { SpanStatusCode, trace } from '@opentelemetry/api';
import pg from 'pg';
import { DOMAIN_ROUTE_SQL, grantsSql, isolationSql, TABLES_SQL, TENANT_TABLES } from './schema.ts';

/** The name the request connections carry in pg_stat_activity. */
export const APPLICATION_NAME = 'saas-app';

/**
 * Roles are cluster-wide while databases are not: one role per database keeps two copies of the
 * service on one server (two test databases) from sharing, or fighting over, one role's password.
 */
export const appRoleName = (database: string): string =>
  `saas_app_${database.toLowerCase().replace(/[^a-z0-9_]/g, '_')}`.slice(0, 63);

const quoteLiteral = (value: string): string => `'${value.replace(/'/g, "''")}'`;

/**
 * Creates tables, RLS policies and the request role as the database owner, then forgets the owner.
 * Several processes may start at once (server, migrate): an advisory lock serialises the DDL.
 */
export async function prepareDatabase(
  ownerUrl: string,
  appPassword: string,
): Promise<{ appUrl: string; role: string }> {
  const client = new pg.Client({ connectionString: ownerUrl, application_name: 'saas-setup' });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock(1010)');
    const { rows } = await client.query<{ db: string }>('SELECT current_database() AS db');
    const role = appRoleName(rows[0]?.db ?? 'saas');
    await client.query(TABLES_SQL);
    for (const table of TENANT_TABLES) await client.query(isolationSql(table));
    await client.query(DOMAIN_ROUTE_SQL);
    const exists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
    const options = `LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD ${quoteLiteral(appPassword)}`;
    await client.query(exists.rowCount ? `ALTER ROLE ${role} ${options}` : `CREATE ROLE ${role} ${options}`);
    await client.query(grantsSql(role));
    const appUrl = new URL(ownerUrl);
    appUrl.username = role;
    appUrl.password = appPassword;
    return { appUrl: appUrl.toString(), role };
  } finally {
    await client.query('SELECT pg_advisory_unlock(1010)').catch(() => {});
    await client.end().catch(() => {});
  }
}

/** The pool every request uses: the unprivileged role, connections kept open (visible to operators). */
export function openAppPool(appUrl: string): pg.Pool {
  const pool = new pg.Pool({
    connectionString: appUrl,
    application_name: APPLICATION_NAME,
    max: 10,
    idleTimeoutMillis: 0,
  });
  pool.on('error', () => {});
  return pool;
}

/**
 * Runs `work` in one transaction whose tenant context is `tenantId`. set_config(…, true) is
 * transaction-local: the pooled connection cannot carry this tenant into the next request.
 */
export async function inTenant<T>(
  pool: pg.Pool,
  tenantId: string,
  work: (client: pg.PoolClient) => Promise<T>,
  isolation: 'READ COMMITTED' | 'REPEATABLE READ' = 'READ COMMITTED',
): Promise<T> {
  return trace.getTracer('saas').startActiveSpan('tenant transaction', async (span) => {
    span.setAttribute('saas.tenant_id', tenantId);
    const client = await pool.connect();
    try {
      await client.query(`BEGIN ISOLATION LEVEL ${isolation}`);
      await client.query("SELECT set_config('app.tenant_id', $1, true)", [tenantId]);
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      throw error;
    } finally {
      client.release();
      span.end();
    }
  });
}
