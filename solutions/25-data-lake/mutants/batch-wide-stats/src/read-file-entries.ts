import { stat } from 'node:fs/promises';
import { relative, sep } from 'node:path';
import type { Db } from './db.ts';
import type { FileEntry } from './snapshot.ts';
import { sqlList } from './sql-literal.ts';

interface FileStatsRow {
  file: string;
  rows: number;
  min_id: number;
  max_id: number;
  min_time: string;
  max_time: string;
  min_amount: number;
  max_amount: number;
}

const PARTITION = /(?:^|\/)date=(\d{4}-\d{2}-\d{2})\//;

/**
 * Manifest entries for freshly written files, with statistics read back from the files
 * themselves, so the manifest describes what is on disk rather than what we meant to write.
 */
export async function readFileEntries(db: Db, lake: string, files: readonly string[]): Promise<FileEntry[]> {
  if (files.length === 0) return [];
  const rows = await db.all<FileStatsRow>(`
    SELECT filename AS file, count(*)::INTEGER AS rows,
           min(min(event_id)) OVER ()::DOUBLE AS min_id, max(max(event_id)) OVER ()::DOUBLE AS max_id,
           strftime(min(min(event_time)) OVER (), '%Y-%m-%dT%H:%M:%SZ') AS min_time,
           strftime(max(max(event_time)) OVER (), '%Y-%m-%dT%H:%M:%SZ') AS max_time,
           min(min(amount)) OVER ()::DOUBLE AS min_amount, max(max(amount)) OVER ()::DOUBLE AS max_amount
    FROM read_parquet(${sqlList(files)}, filename = true, hive_partitioning = false)
    GROUP BY filename`);
  const entries = await Promise.all(
    rows.map(async (row): Promise<FileEntry> => {
      const path = relative(lake, row.file).split(sep).join('/');
      const date = PARTITION.exec(path)?.[1];
      if (!date) throw new Error(`${path} is not inside a date=YYYY-MM-DD folder`);
      return {
        path,
        partition: { date },
        rows: row.rows,
        bytes: (await stat(row.file)).size,
        stats: {
          event_id: { min: row.min_id, max: row.max_id },
          event_time: { min: row.min_time, max: row.max_time },
          amount: { min: row.min_amount, max: row.max_amount },
        },
      };
    }),
  );
  return entries.sort((a, b) => a.path.localeCompare(b.path, 'en', { numeric: true }));
}
