import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { LabError } from '../errors.ts';
import { filesUnder } from '../files-under.ts';
import { graderDigest } from '../grading/grader-digest.ts';
import type { Exercise } from '../manifest/load-exercise.ts';
import { workspaceProgramDir } from './learner-program.ts';
import { readLastResult } from './workspace-status.ts';

/** One file of a reference solution, its path relative to the solution folder. */
export interface SolutionFile {
  readonly path: string;
  readonly content: string;
}

/** What `lab solution N --json` prints. */
export interface SolutionView {
  readonly exercise: number;
  readonly title: string;
  readonly dir: string;
  readonly files: readonly SolutionFile[];
}

/** Not part of the solution a learner reads: selftest's mutants, lab's state, installed packages. */
const SKIPPED = new Set(['mutants', '.lab', 'node_modules']);

/**
 * The reference solution, only once the learner's own last `lab verify` passed every required
 * criterion under the current grader: a solution read first teaches nothing.
 */
export function revealSolution(exercise: Exercise): SolutionView {
  assertEarned(exercise);
  const files = filesUnder(exercise.solutionDir, SKIPPED)
    .map((file) => ({ path: relative(exercise.solutionDir, file), content: readFileSync(file, 'utf8') }))
    .sort((a, b) => readingRank(a.path) - readingRank(b.path) || a.path.localeCompare(b.path));
  return { exercise: exercise.id, title: exercise.title, dir: exercise.solutionDir, files };
}

/** The order a reader wants: the README, then the code, its tests, and configuration last. */
function readingRank(path: string): number {
  if (path === 'README.md') return 0;
  if (path.startsWith('src/')) return 1;
  if (path.startsWith('test/')) return 2;
  return path.startsWith('.') ? 4 : 3;
}

function assertEarned(exercise: Exercise): void {
  const id = exercise.id;
  const dir = workspaceProgramDir(exercise);
  const last = readLastResult(dir);
  if (!last) {
    throw new LabError(
      `the solution of project ${id} is shown once your program passes, and ${dir} has no verify yet`,
      {
        next: `Run \`lab verify ${id}\` (not started? \`lab start ${id}\`).`,
      },
    );
  }
  if (last.graderDigest !== graderDigest(exercise)) {
    throw new LabError(`your last \`lab verify ${id}\` was graded by another version of the grader`, {
      next: `Run \`lab verify ${id}\` again, then \`lab solution ${id}\`.`,
    });
  }
  const failing = exercise.criteria
    .filter((spec) => spec.kind === 'required')
    .filter((spec) => last.criteria.find((c) => c.id === spec.id)?.state !== 'passed');
  if (failing.length > 0) {
    const first = failing[0]?.id;
    throw new LabError(
      `the solution of project ${id} is shown once every required criterion passes; still failing: ${failing.map((c) => `${c.id} ${c.title}`).join(', ')}`,
      { next: `Fix ${first}, re-run \`lab verify ${id}\`; stuck? \`lab hint ${id} ${first}\`.` },
    );
  }
}
