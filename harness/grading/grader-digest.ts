import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { filesUnder } from '../files-under.ts';
import type { Exercise } from '../manifest/load-exercise.ts';

/** sha256 over the manifest and every grader file: two results with one digest were graded alike. */
export function graderDigest(exercise: Exercise): string {
  const hash = createHash('sha256');
  for (const file of [exercise.manifestPath, ...filesUnder(exercise.graderDir)]) {
    hash.update(relative(exercise.dir, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return `sha256:${hash.digest('hex')}`;
}
