import { statSync, writeFileSync } from 'node:fs';

/**
 * Makes a file unreadable as Parquet, keeping its size: a program that opens it fails, and DuckDB's error
 * names the file. The text says why, for a learner who looks at it.
 */
export function overwriteWithGarbage(path: string, why: string): void {
  const size = Math.max(statSync(path).size, 64);
  const text = Buffer.from(
    `NOT PARQUET: overwritten by lab's grader (${why}). Your program should not have opened this file.\n`,
  );
  const garbage = Buffer.alloc(size, 0x2e);
  text.copy(garbage, 0, 0, Math.min(text.length, size));
  writeFileSync(path, garbage);
}
