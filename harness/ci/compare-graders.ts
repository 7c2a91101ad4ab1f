import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { LabError } from '../errors.ts';
import { filesUnder } from '../files-under.ts';
import { EXERCISES_DIR } from '../paths.ts';

/** One grader file of a fork that is not byte for byte the one lab grades with. */
export interface GraderChange {
  /** Relative to the checkout, e.g. `exercises/25-data-lake/grader/r2-query.test.ts`. */
  readonly file: string;
  readonly change: 'modified' | 'added' | 'removed';
}

/** What `lab ci --check-graders <fork>` found; `changes` empty means the fork's graders are lab's. */
export interface GraderCheck {
  readonly fork: string;
  readonly changes: readonly GraderChange[];
}

/**
 * Compares the manifests and grader trees (`exercises/NN-slug/exercise.json` and `grader/**`, what
 * the grader digest covers) of a student's checkout with those of the lab that is grading.
 * The grade never depends on the fork's copies; this only names the ones a student changed.
 */
export function compareGraders(forkRoot: string, exercisesDir = EXERCISES_DIR): GraderCheck {
  const fork = resolve(forkRoot);
  const forkExercises = join(fork, 'exercises');
  if (!existsSync(forkExercises) || !statSync(forkExercises).isDirectory()) {
    throw new LabError(`--check-graders ${forkRoot}: there is no exercises/ folder in ${fork}`, {
      next: "Point --check-graders at the root of the student's checkout (the folder holding exercises/ and workspace/).",
    });
  }
  const ours = graderFiles(exercisesDir);
  const theirs = graderFiles(forkExercises);
  const changes: GraderChange[] = [];
  for (const [file, digest] of ours) {
    const other = theirs.get(file);
    if (other === undefined) changes.push({ file: `exercises/${file}`, change: 'removed' });
    else if (other !== digest) changes.push({ file: `exercises/${file}`, change: 'modified' });
  }
  for (const file of theirs.keys()) {
    if (!ours.has(file)) changes.push({ file: `exercises/${file}`, change: 'added' });
  }
  changes.sort((a, b) => a.file.localeCompare(b.file));
  return { fork, changes };
}

/** `NN-slug/exercise.json` and `NN-slug/grader/…` → sha256 of the content. */
function graderFiles(exercisesDir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of readdirSync(exercisesDir).filter((n) => /^\d\d-/.test(n))) {
    const dir = join(exercisesDir, name);
    if (!statSync(dir).isDirectory()) continue;
    const manifest = join(dir, 'exercise.json');
    for (const file of [...(existsSync(manifest) ? [manifest] : []), ...filesUnder(join(dir, 'grader'))]) {
      files.set(relative(exercisesDir, file).split('\\').join('/'), sha256(file));
    }
  }
  return files;
}

const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');
