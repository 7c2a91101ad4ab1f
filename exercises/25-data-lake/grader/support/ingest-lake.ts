import { invokeJson } from '../../../../harness/grading/grader-kit.ts';
import { commandLine } from './command-line.ts';

export interface Ingested {
  readonly command: string;
  /** What `lake ingest` printed; expected `{ files, rows }`. */
  readonly output: unknown;
}

/** Runs `lake ingest --input CSV --lake DIR [...extra]`; a failing ingest fails the test with its output. */
export async function ingestLake(
  input: string,
  lake: string,
  extra: readonly string[] = [],
  timeoutMs?: number,
): Promise<Ingested> {
  const args = ['ingest', '--input', input, '--lake', lake, ...extra];
  const output = await invokeJson('lake', args, timeoutMs === undefined ? {} : { timeoutMs });
  return { command: commandLine(args), output };
}
