import type { DuckDb } from './open-duck-db.ts';

/** The UTC dates (YYYY-MM-DD, ascending) that have rows in a source. */
export async function utcDates(db: DuckDb, source: string): Promise<string[]> {
  const rows = await db.rows<{ date: string }>(
    `SELECT DISTINCT strftime(CAST(event_time AS DATE), '%Y-%m-%d') AS date FROM ${source} ORDER BY date`,
  );
  return rows.map((row) => row.date);
}
