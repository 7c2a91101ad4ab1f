const LAYOUT = /^data\/date=(\d{4}-\d{2}-\d{2})\/[^/]+\.parquet$/;

/** The date of the partition folder a data file (path relative to the lake) lives in, if it follows the layout. */
export function partitionOf(path: string): string | undefined {
  return LAYOUT.exec(path)?.[1];
}
