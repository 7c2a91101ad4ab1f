import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Exercise } from '../manifest/load-exercise.ts';

/** sha256 over the manifest and every grader file: two results with one digest were graded alike. */
export function graderDigest(exercise: Exercise): string {
  const hash = createHash('sha256');
  for (const file of [exercise.manifestPath, ...filesUnder(exercise.graderDir)]) {
    hash.update(relative(exercise.dir, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return `sha256:${hash.digest('hex')}`;
}

function filesUnder(dir: string): string[] {
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => (entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)]));
}
