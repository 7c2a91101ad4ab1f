import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Every *.parquet file under `dir`, as sorted paths relative to it with `/` separators. */
export function listParquetFiles(dir: string): string[] {
  const entries = readdirSync(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.parquet'))
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}
