import { workspaceProgramDir } from '../learner/learner-program.ts';
import { readLastResult, type WorkspaceStatus, workspaceStatus } from '../learner/workspace-status.ts';
import { pointsFor } from './exercise-schema.ts';
import { isGraded, loadCurriculum } from './load-exercise.ts';

export interface ProjectRow {
  readonly id: number;
  readonly slug: string;
  readonly title: string;
  readonly required: number;
  readonly bonus: number;
  readonly maxPoints: number;
  readonly services: readonly string[];
  readonly graded: boolean;
  readonly status: WorkspaceStatus;
  /** From the last `lab verify` of the workspace copy, if any. */
  readonly progress?: { readonly requiredPassed: number; readonly bonusPassed: number; readonly points: number };
}

/** The curriculum as `lab list` shows it, with the learner's status from the workspace. */
export function collectProjects(): ProjectRow[] {
  return loadCurriculum().map((exercise) => ({
    id: exercise.id,
    slug: exercise.slug,
    title: exercise.title,
    required: exercise.criteria.filter((c) => c.kind === 'required').length,
    bonus: exercise.criteria.filter((c) => c.kind === 'bonus').length,
    maxPoints: exercise.criteria.reduce((sum, c) => sum + pointsFor(c), 0),
    services: exercise.services,
    graded: isGraded(exercise),
    status: workspaceStatus(exercise),
    ...progressOf(readLastResult(workspaceProgramDir(exercise))?.summary),
  }));
}

function progressOf(summary: { requiredPassed: number; bonusPassed: number; points: number } | undefined) {
  if (!summary) return {};
  const { requiredPassed, bonusPassed, points } = summary;
  return { progress: { requiredPassed, bonusPassed, points } };
}
