import { EVENT_COLUMNS } from './csv-events.ts';
import type { DuckDb } from './open-duck-db.ts';

/** Row count, NULLs per column and exact sum of amount of a source (a read_csv or read_parquet). */
export interface ColumnProfile {
  readonly rows: number;
  readonly nulls: Record<string, number>;
  readonly sumOfAmount: string;
}

export async function columnProfile(db: DuckDb, source: string): Promise<ColumnProfile> {
  const nulls = EVENT_COLUMNS.map((column) => `count(*) FILTER (WHERE ${column} IS NULL)::INTEGER AS ${column}`);
  const row = await db.one<Record<string, number> & { rows: number; sumOfAmount: string }>(
    `SELECT count(*)::INTEGER AS "rows", CAST(sum(amount) AS DECIMAL(38,2))::VARCHAR AS sumOfAmount, ${nulls.join(', ')} FROM ${source}`,
  );
  return {
    rows: row.rows,
    nulls: Object.fromEntries(EVENT_COLUMNS.map((column) => [column, row[column] as number])),
    sumOfAmount: row.sumOfAmount,
  };
}
