import { join } from 'node:path';
import type { DuckDb } from './open-duck-db.ts';
import { sqlList } from './sql-string.ts';

/** A range filter on customer_id and quantity (bounds inclusive). */
export interface Box {
  readonly customers: readonly [number, number];
  readonly quantities: readonly [number, number];
}

export interface RowGroupCount {
  readonly rowGroups: number;
  readonly rows: number;
  readonly largestRowGroup: number;
  /** Row groups whose min/max statistics intersect the box (or that have no statistics): a reader must read them. */
  readonly mustRead: number;
}

/** Counts, from the files' own Parquet statistics, the row groups a box filter cannot skip. */
export async function rowGroupsToRead(
  db: DuckDb,
  dir: string,
  files: readonly string[],
  box: Box,
): Promise<RowGroupCount> {
  const stat = (column: string, bound: 'min' | 'max') =>
    `max(CASE WHEN path_in_schema = '${column}' THEN TRY_CAST(stats_${bound}_value AS BIGINT) END)`;
  const overlaps = (prefix: string, [low, high]: readonly [number, number]) =>
    `(${prefix}_min IS NULL OR ${prefix}_max IS NULL OR (${prefix}_min <= ${high} AND ${prefix}_max >= ${low}))`;
  return db.one<RowGroupCount>(`
    WITH groups AS (
      SELECT file_name, row_group_id, any_value(row_group_num_rows) AS num_rows,
        ${stat('customer_id', 'min')} AS c_min, ${stat('customer_id', 'max')} AS c_max,
        ${stat('quantity', 'min')} AS q_min, ${stat('quantity', 'max')} AS q_max
      FROM parquet_metadata(${sqlList(files.map((file) => join(dir, file)))})
      GROUP BY file_name, row_group_id)
    SELECT count(*)::INTEGER AS rowGroups, sum(num_rows)::INTEGER AS "rows", max(num_rows)::INTEGER AS largestRowGroup,
      count(*) FILTER (WHERE ${overlaps('c', box.customers)} AND ${overlaps('q', box.quantities)})::INTEGER AS mustRead
    FROM groups`);
}
