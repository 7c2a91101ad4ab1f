import type { Dirent } from 'node:fs';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Every file below `dir`, depth first in name order; folders named in `skip` are left out. */
export function filesUnder(dir: string, skip: ReadonlySet<string> = new Set()): string[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((entry) => !skip.has(entry.name))
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return filesUnder(path, skip);
      return entry.isFile() ? [path] : [];
    });
}
