import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lab } from '../../../../harness/grading/grader-kit.ts';

/** A file of the learner's program folder, or undefined when it does not exist. */
export function readProgramFile(relative: string): string | undefined {
  const file = join(lab().programDir, relative);
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}
