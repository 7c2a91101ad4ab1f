/**
 * `migrate --dir DIR [--down]` (B1): apply the NNN_name.up.sql files tenant by tenant, each tenant
 * in its own transaction with app.tenant_id set, one JSON progress line per tenant and step.
 */
// TODO(B1): read DIR, keep a tenant_migrations table, apply or revert, exit 1 on the first failure.
process.stderr.write('migrate is not written yet (B1)\n');
process.exit(1);
