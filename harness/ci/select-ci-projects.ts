import { existsSync } from 'node:fs';
import { LabError } from '../errors.ts';
import { workspaceProgramDir } from '../learner/learner-program.ts';
import { type Exercise, findExercise, isGraded, loadCurriculum } from '../manifest/load-exercise.ts';
import { workspaceDir } from '../paths.ts';

/** The started projects `lab ci` looks at: those it can grade, and those whose grader is not written yet. */
export interface CiSelection {
  readonly graded: readonly Exercise[];
  readonly notGraded: readonly Exercise[];
}

/** The named projects (each must be started), or every started project of the workspace. */
export function selectCiProjects(refs: readonly string[]): CiSelection {
  const curriculum = loadCurriculum();
  let chosen: Exercise[];
  if (refs.length > 0) {
    chosen = [...new Map(refs.map((ref) => findExercise(ref, curriculum)).map((e) => [e.id, e])).values()];
    const notStarted = chosen.find((e) => !existsSync(workspaceProgramDir(e)));
    if (notStarted) {
      throw new LabError(
        `you have not started project ${notStarted.id} yet (no ${workspaceProgramDir(notStarted)}): lab ci has nothing to grade there`,
        { next: `Run \`lab start ${notStarted.id}\`, or leave it out of \`lab ci\`.` },
      );
    }
  } else {
    chosen = curriculum.filter((e) => existsSync(workspaceProgramDir(e)));
    if (chosen.length === 0) {
      throw new LabError(`no project is started in ${workspaceDir()}: lab ci has nothing to grade`, {
        next: 'Run `lab start N` first (`lab list` shows the projects).',
      });
    }
  }
  chosen.sort((a, b) => a.id - b.id);
  return { graded: chosen.filter(isGraded), notGraded: chosen.filter((e) => !isGraded(e)) };
}
