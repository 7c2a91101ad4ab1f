import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { LabError } from '../errors.ts';
import type { Exercise } from '../manifest/load-exercise.ts';
import { workspaceProgramDir } from './learner-program.ts';
import { type StartedProject, startProject } from './start-project.ts';

/**
 * Puts the starter back into a started project's workspace copy. The old copy is moved aside (as
 * `lab start --force` does), so nothing is lost; the new copy starts with no `.lab` state.
 */
export function resetProject(exercise: Exercise): StartedProject {
  assertStarted(exercise);
  const started = startProject(exercise, { force: true });
  // Last result and hints belong to the old copy; a starter never ships state, but make sure.
  rmSync(join(started.dir, '.lab'), { recursive: true, force: true });
  return started;
}

/** The workspace copy of a started project; a project not started yet has nothing to reset. */
export function assertStarted(exercise: Exercise): string {
  const dir = workspaceProgramDir(exercise);
  if (!existsSync(dir)) {
    throw new LabError(`you have not started project ${exercise.id} yet (no ${dir}): there is nothing to reset`, {
      next: `Run \`lab start ${exercise.id}\`.`,
    });
  }
  return dir;
}
