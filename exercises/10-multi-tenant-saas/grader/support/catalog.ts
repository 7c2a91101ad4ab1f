import pg from 'pg';
import { expect } from 'vitest';

/**
 * The grader's own superuser view of the learner's database: which role serves requests, which
 * tables hold tenant rows, what RLS and privileges say. It never goes through the program.
 */
export class Catalog {
  private constructor(private readonly client: pg.Client) {}

  static async open(databaseUrl: string): Promise<Catalog> {
    const client = new pg.Client({ connectionString: databaseUrl, application_name: 'lab-grader' });
    client.on('error', () => {});
    await client.connect();
    return new Catalog(client);
  }

  query<R extends pg.QueryResultRow = Record<string, unknown>>(sql: string, values: unknown[] = []) {
    return this.client.query<R>(sql, values);
  }

  close = () => this.client.end().catch(() => {});

  /** Roles of the connections named saas-app on this database (there must be at least one). */
  async appRoles(): Promise<string[]> {
    const { rows } = await this.query<{ usename: string }>(
      `SELECT DISTINCT usename FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'saas-app'`,
    );
    expect(
      rows.length,
      'no connection to this database has application_name saas-app in pg_stat_activity: serve requests through a pool whose connections set application_name=saas-app (and keep them open)',
    ).toBeGreaterThan(0);
    return rows.map((r) => r.usename);
  }

  /** Every table outside the system schemas with a tenant_id column, schema-qualified and quoted. */
  async tenantTables(): Promise<{ name: string; oid: number; owner: string; rls: boolean; forced: boolean }[]> {
    const { rows } = await this.query<{ name: string; oid: number; owner: string; rls: boolean; forced: boolean }>(
      `SELECT format('%I.%I', n.nspname, c.relname) AS name, c.oid::int AS oid, pg_get_userbyid(c.relowner) AS owner,
              c.relrowsecurity AS rls, c.relforcerowsecurity AS forced
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
        WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
        ORDER BY 1`,
    );
    return rows;
  }

  /** Every user table, for searching where a value ended up. */
  async userTables(): Promise<string[]> {
    const { rows } = await this.query<{ name: string }>(
      `SELECT format('%I.%I', n.nspname, c.relname) AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'`,
    );
    return rows.map((r) => r.name);
  }

  /** The tables in which some row's JSON contains every one of `needles`. */
  async tablesContaining(...needles: string[]): Promise<string[]> {
    const found: string[] = [];
    for (const table of await this.userTables()) {
      const conditions = needles.map((_, i) => `row_to_json(t)::text LIKE '%' || $${i + 1} || '%'`).join(' AND ');
      const { rows } = await this.query(`SELECT 1 FROM ${table} t WHERE ${conditions} LIMIT 1`, needles);
      if (rows.length) found.push(table);
    }
    return found;
  }

  /** Every row of one tenant in every tenant table, as text: equal snapshots mean nothing changed. */
  async snapshotOf(tenantId: string): Promise<Record<string, string[]>> {
    const snapshot: Record<string, string[]> = {};
    for (const { name } of await this.tenantTables()) {
      const { rows } = await this.query<{ row: string }>(
        `SELECT row_to_json(t)::text AS row FROM ${name} t WHERE tenant_id::text = $1 ORDER BY 1`,
        [tenantId],
      );
      snapshot[name] = rows.map((r) => r.row);
    }
    return snapshot;
  }

  async roleFacts(role: string): Promise<{ super: boolean; bypass: boolean }> {
    const { rows } = await this.query<{ super: boolean; bypass: boolean }>(
      'SELECT rolsuper AS super, rolbypassrls AS bypass FROM pg_roles WHERE rolname = $1',
      [role],
    );
    return rows[0] ?? { super: false, bypass: false };
  }
}
