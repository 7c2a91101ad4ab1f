import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The committed versions in DIR/_log/ (files named by a 20-digit zero-padded version + .json), ascending. */
export function logVersions(lake: string): number[] {
  const dir = join(lake, '_log');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => /^\d{20}\.json$/.test(name))
    .map((name) => Number(name.slice(0, 20)))
    .sort((a, b) => a - b);
}

/** The path of a version's commit file. */
export const logFile = (lake: string, version: number): string =>
  join(lake, '_log', `${String(version).padStart(20, '0')}.json`);
