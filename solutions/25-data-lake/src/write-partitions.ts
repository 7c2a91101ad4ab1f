import { resolve } from 'node:path';
import type { Db } from './db.ts';
import { sqlString } from './sql-literal.ts';

export const COMPRESSIONS = ['zstd', 'snappy', 'gzip', 'uncompressed'] as const;
export type Compression = (typeof COMPRESSIONS)[number];

export interface WritePartitionsOptions {
  /** SQL producing the contract's columns plus `date`. */
  readonly source: string;
  /** The lake's `data` folder; one `date=YYYY-MM-DD` folder is written per date. */
  readonly dataDir: string;
  readonly compression: Compression;
  /** Columns to cluster the rows of each partition by; none keeps the input order. */
  readonly clusterBy: readonly string[];
  readonly rowGroupSize?: number;
  /** Add files next to live ones (under fresh uuid names) instead of creating the folder. */
  readonly append: boolean;
}

/** DuckDB's Parquet writer cuts row groups from whole 2,048-row vectors. */
const VECTOR_SIZE = 2048;

/** Writes `source` as Parquet files partitioned by date; returns the absolute paths written. */
export async function writePartitions(db: Db, options: WritePartitionsOptions): Promise<string[]> {
  const { source, dataDir, compression, clusterBy, rowGroupSize, append } = options;
  // Clustering is a sort inside each partition (PARTITION_BY keeps the order of the rows it is
  // given): row groups then cover narrow ranges of the cluster columns, so min/max statistics
  // let a range filter skip most of them. A Z-order key spreads that precision over all columns,
  // but only pays off with many row groups per partition; with a handful, a sort prunes more.
  const rows = clusterBy.length > 0 ? `${source} ORDER BY ${clusterBy.join(', ')}` : source;
  const copyOptions = [
    'FORMAT parquet',
    'PARTITION_BY (date)',
    `COMPRESSION ${compression}`,
    'RETURN_FILES true',
    // An append never touches a live file: its files get new, unique names.
    ...(append ? ["FILENAME_PATTERN 'part-{uuid}'", 'APPEND true'] : ["FILENAME_PATTERN 'part-{i}'"]),
  ];
  if (rowGroupSize !== undefined) copyOptions.push(`ROW_GROUP_SIZE ${cappedRowGroupSize(rowGroupSize)}`);
  const [result] = await db.all<{ Files: string[] }>(
    `COPY (${rows}) TO ${sqlString(resolve(dataDir))} (${copyOptions.join(', ')})`,
  );
  return result?.Files ?? [];
}

/**
 * ROW_GROUP_SIZE is a target that DuckDB rounds up to whole vectors (3,000 gives 4,096-row
 * groups), so a cap of N rows means asking for the largest multiple of 2,048 not above N.
 */
function cappedRowGroupSize(cap: number): number {
  const size = Math.max(VECTOR_SIZE, cap - (cap % VECTOR_SIZE));
  if (size !== cap) {
    console.error(
      `lake: DuckDB writes row groups in 2,048-row vectors; using ROW_GROUP_SIZE ${size} for --row-group-size ${cap}` +
        (cap < VECTOR_SIZE ? ' (row groups cannot be smaller than one vector)' : ''),
    );
  }
  return size;
}
