import pg from 'pg';
import pino from 'pino';
import { prepareDatabase } from './db.ts';
import { readMigrations } from './tenant-migrations.ts';

/**
 * `migrate --dir DIR [--down]`: tenant by tenant, each step in its own transaction with the
 * tenant's context set. Progress is one JSON line per tenant and step on stdout; a failing step is
 * rolled back, named, and stops the run (exit 1). `--down` reverts each tenant's latest migration.
 */
const log = pino({ base: undefined });
const args = process.argv.slice(2);
const dir = args[args.indexOf('--dir') + 1];
const down = args.includes('--down');
if (!args.includes('--dir') || !dir) {
  log.error({ usage: 'migrate --dir DIR [--down]' }, 'missing --dir');
  process.exit(2);
}

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl || !process.env.APP_DB_PASSWORD) {
  log.error('DATABASE_URL and APP_DB_PASSWORD must be set');
  process.exit(2);
}
await prepareDatabase(databaseUrl, process.env.APP_DB_PASSWORD);
const migrations = await readMigrations(dir);
const client = new pg.Client({ connectionString: databaseUrl, application_name: 'saas-migrate' });
await client.connect();

const step = async (tenant: string, version: string, direction: 'up' | 'down', sql: string): Promise<boolean> => {
  const started = Date.now();
  try {
    await client.query('BEGIN');
    await client.query("SELECT set_config('app.tenant_id', $1, true)", [tenant]);
    // A short per-tenant lock: requests of other tenants never wait for this one's migration.
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [tenant]);
    await client.query(sql);
    if (direction === 'up') {
      await client.query('INSERT INTO tenant_migrations (tenant_id, version) VALUES ($1, $2)', [tenant, version]);
    } else {
      await client.query('DELETE FROM tenant_migrations WHERE tenant_id = $1 AND version = $2', [tenant, version]);
    }
    await client.query('COMMIT');
    log.info({ tenant, migration: version, direction, status: 'applied', ms: Date.now() - started });
    return true;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    const message = (error as Error).message;
    log.error({ tenant, migration: version, direction, status: 'failed', ms: Date.now() - started, error: message });
    return false;
  }
};

let ok = true;
const tenants = await client.query<{ id: string }>('SELECT id FROM tenants ORDER BY created_at, id');
outer: for (const { id: tenant } of tenants.rows) {
  const applied = await client.query<{ version: string }>(
    'SELECT version FROM tenant_migrations WHERE tenant_id = $1 ORDER BY version',
    [tenant],
  );
  const done = new Set(applied.rows.map((r) => r.version));
  if (down) {
    const latest = [...done].sort().at(-1);
    const migration = migrations.find((m) => m.version === latest);
    if (latest && !migration) {
      log.error({ tenant, migration: latest, direction: 'down', status: 'failed', error: 'no down file for it' });
      ok = false;
      break;
    }
    if (migration && !(await step(tenant, migration.version, 'down', migration.down))) {
      ok = false;
      break;
    }
    continue;
  }
  for (const migration of migrations) {
    if (done.has(migration.version)) continue;
    if (!(await step(tenant, migration.version, 'up', migration.up))) {
      ok = false;
      break outer;
    }
  }
}
await client.end();
process.exit(ok ? 0 : 1);
