import { invokeJson } from '../../../../harness/grading/grader-kit.ts';
import { commandLine } from './command-line.ts';
import { listParquetFiles } from './list-parquet-files.ts';

export interface Ingested {
  readonly command: string;
  /** What `lake ingest` printed; expected `{ files, rows }`. */
  readonly output: unknown;
  /** Every *.parquet file under the lake, relative to it. */
  readonly files: string[];
}

/** Runs `lake ingest --input CSV --lake DIR [...extra]`; a failing ingest, or one that wrote no Parquet, fails the test. */
export async function ingestLake(
  input: string,
  lake: string,
  extra: readonly string[] = [],
  timeoutMs?: number,
): Promise<Ingested> {
  const args = ['ingest', '--input', input, '--lake', lake, ...extra];
  const output = await invokeJson('lake', args, timeoutMs === undefined ? {} : { timeoutMs });
  const command = commandLine(args);
  const files = listParquetFiles(lake);
  if (files.length === 0) throw new Error(`${command}\nwrote no *.parquet file under ${lake}`);
  return { command, output, files };
}
