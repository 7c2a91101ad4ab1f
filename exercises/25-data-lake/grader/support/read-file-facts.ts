import { join } from 'node:path';
import type { DuckDb } from './open-duck-db.ts';
import { sqlList } from './sql-string.ts';

/** What the grader reads from one data file itself (never from the program's manifest). */
export interface FileFacts {
  readonly rows: number;
  readonly minEventId: number;
  readonly maxEventId: number;
  /** Epoch milliseconds. */
  readonly minEventTime: number;
  readonly maxEventTime: number;
  readonly minAmount: number;
  readonly maxAmount: number;
  /** UTC dates of the first and last event_time, YYYY-MM-DD. */
  readonly minDate: string;
  readonly maxDate: string;
}

/** Reads row counts, min/max and UTC dates of data files (paths relative to `lake`), keyed by path. */
export async function readFileFacts(
  db: DuckDb,
  lake: string,
  paths: readonly string[],
): Promise<Map<string, FileFacts>> {
  if (paths.length === 0) return new Map();
  const rows = await db.rows<FileFacts & { file: string }>(`
    SELECT filename AS file, count(*)::INTEGER AS "rows",
      min(event_id)::DOUBLE AS minEventId, max(event_id)::DOUBLE AS maxEventId,
      epoch_ms(min(event_time))::DOUBLE AS minEventTime, epoch_ms(max(event_time))::DOUBLE AS maxEventTime,
      min(amount)::DOUBLE AS minAmount, max(amount)::DOUBLE AS maxAmount,
      strftime(min(CAST(event_time AS DATE)), '%Y-%m-%d') AS minDate,
      strftime(max(CAST(event_time AS DATE)), '%Y-%m-%d') AS maxDate
    FROM read_parquet(${sqlList(paths.map((path) => join(lake, path)))}, filename = true, hive_partitioning = false, union_by_name = true)
    GROUP BY filename`);
  const byFile = new Map(rows.map(({ file, ...facts }) => [file, facts]));
  return new Map(
    paths.map((path) => {
      const facts = byFile.get(join(lake, path));
      // A file with no rows has no group: report it as empty rather than missing.
      return [path, facts ?? { ...EMPTY }];
    }),
  );
}

const EMPTY: FileFacts = {
  rows: 0,
  minEventId: Number.NaN,
  maxEventId: Number.NaN,
  minEventTime: Number.NaN,
  maxEventTime: Number.NaN,
  minAmount: Number.NaN,
  maxAmount: Number.NaN,
  minDate: '',
  maxDate: '',
};
