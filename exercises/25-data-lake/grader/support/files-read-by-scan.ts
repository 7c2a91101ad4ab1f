import type { DuckDb } from './open-duck-db.ts';

interface ProfileNode {
  readonly extra_info?: Record<string, unknown>;
  readonly children?: readonly ProfileNode[];
}

/**
 * How many files DuckDB's Parquet scans of a query read, from its own EXPLAIN ANALYZE profile
 * (DuckDB 1.5 reports "Total Files Read" on every READ_PARQUET table scan).
 */
export async function filesReadByScan(db: DuckDb, sql: string): Promise<number> {
  const [plan] = await db.rows<{ explain_value: string }>(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`);
  if (!plan) throw new Error(`EXPLAIN ANALYZE returned no plan for: ${sql}`);
  let total: number | undefined;
  const visit = (node: ProfileNode) => {
    const read = node.extra_info?.['Total Files Read'];
    if (read !== undefined) total = (total ?? 0) + Number(read);
    for (const child of node.children ?? []) visit(child);
  };
  visit(JSON.parse(plan.explain_value) as ProfileNode);
  if (total === undefined) throw new Error(`DuckDB's profile has no "Total Files Read" for: ${sql}`);
  return total;
}
