import { join } from 'node:path';
import { sqlList } from './sql-string.ts';

/** DuckDB's read of data files (relative to `dir`) as they are: no hive columns, tolerant of schema drift. */
export const parquetSource = (dir: string, paths: readonly string[]): string =>
  `read_parquet(${sqlList(paths.map((path) => join(dir, path)))}, hive_partitioning = false, union_by_name = true)`;
