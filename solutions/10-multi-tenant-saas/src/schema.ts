/**
 * The database, created by the owner (DATABASE_URL). Every table with a tenant_id has RLS enabled
 * AND forced with one policy keyed on the transaction-local setting app.tenant_id; the request role
 * gets DML only, and only INSERT/SELECT on the audit log (append-only is a privilege).
 */
export const TENANT_TABLES = [
  'settings',
  'quotas',
  'usage',
  'projects',
  'documents',
  'members',
  'audit_log',
  'invoices',
  'domains',
  'tenant_migrations',
] as const;

export const TABLES_SQL = `
CREATE TABLE IF NOT EXISTS tenants (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  plan text NOT NULL CHECK (plan IN ('free', 'pro')),
  created_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE TABLE IF NOT EXISTS settings (
  tenant_id uuid PRIMARY KEY REFERENCES tenants(id),
  settings jsonb NOT NULL DEFAULT '{}'
);
CREATE TABLE IF NOT EXISTS quotas (
  tenant_id uuid PRIMARY KEY REFERENCES tenants(id),
  projects integer NOT NULL,
  documents integer NOT NULL
);
CREATE TABLE IF NOT EXISTS usage (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  month text NOT NULL,
  api_requests bigint NOT NULL DEFAULT 0,
  documents_created bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, month)
);
CREATE TABLE IF NOT EXISTS projects (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE TABLE IF NOT EXISTS documents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  project_id uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  title text NOT NULL,
  body text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE TABLE IF NOT EXISTS members (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  user_id text NOT NULL,
  role text NOT NULL CHECK (role IN ('admin', 'member')),
  created_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE TABLE IF NOT EXISTS audit_log (
  id bigserial PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  at timestamptz NOT NULL DEFAULT clock_timestamp(),
  actor text NOT NULL,
  action text NOT NULL,
  target text NOT NULL
);
CREATE TABLE IF NOT EXISTS invoices (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  month text NOT NULL,
  body jsonb NOT NULL,
  sent_at timestamptz,
  PRIMARY KEY (tenant_id, month)
);
CREATE TABLE IF NOT EXISTS domains (
  domain text PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  token text NOT NULL,
  verified_at timestamptz,
  cert_pem text,
  key_pem text
);
CREATE TABLE IF NOT EXISTS tenant_migrations (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  version text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (tenant_id, version)
);
`;

const POLICY_USING = "tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid";

/** RLS for one tenant table: enabled, forced (so even the owner obeys it), one policy. */
export const isolationSql = (table: string): string => `
ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY;
ALTER TABLE ${table} FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS tenant_isolation ON ${table};
CREATE POLICY tenant_isolation ON ${table} USING (${POLICY_USING}) WITH CHECK (${POLICY_USING});
`;

/**
 * The TLS front door must map a Host to its tenant before any tenant context exists: a narrow
 * SECURITY DEFINER function answers exactly that question for verified domains, and nothing more.
 */
export const DOMAIN_ROUTE_SQL = `
CREATE OR REPLACE FUNCTION domain_route(name text)
RETURNS TABLE (tenant_id uuid, cert_pem text, key_pem text)
LANGUAGE sql SECURITY DEFINER SET search_path = public AS $$
  SELECT d.tenant_id, d.cert_pem, d.key_pem FROM domains d
  WHERE d.domain = lower(name) AND d.verified_at IS NOT NULL AND d.cert_pem IS NOT NULL
$$;
REVOKE ALL ON FUNCTION domain_route(text) FROM PUBLIC;
`;

/** Grants of the request role: DML on tenant data, append-only audit, no DDL, no ownership. */
export const grantsSql = (role: string): string => `
GRANT USAGE ON SCHEMA public TO ${role};
GRANT SELECT, INSERT ON tenants TO ${role};
GRANT SELECT, INSERT, UPDATE, DELETE ON settings, quotas, usage, projects, documents, members, invoices, domains TO ${role};
GRANT SELECT ON tenant_migrations TO ${role};
GRANT SELECT, INSERT ON audit_log TO ${role};
GRANT USAGE ON SEQUENCE audit_log_id_seq TO ${role};
GRANT EXECUTE ON FUNCTION domain_route(text) TO ${role};
`;
