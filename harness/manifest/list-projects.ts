import type { VerifySummary } from '../grading/verify-result.ts';
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
  /** Common criteria C1–C6 graded for this project (0 when off). */
  readonly common: number;
  readonly maxPoints: number;
  readonly services: readonly string[];
  readonly graded: boolean;
  readonly status: WorkspaceStatus;
  /** From the last `lab verify` of the workspace copy, if any. */
  readonly progress?: Pick<VerifySummary, 'requiredPassed' | 'commonPassed' | 'bonusPassed' | 'points'>;
}

/** The curriculum as `lab list` shows it, with the learner's status from the workspace. */
export function collectProjects(): ProjectRow[] {
  return loadCurriculum().map((exercise) => ({
    id: exercise.id,
    slug: exercise.slug,
    title: exercise.title,
    required: exercise.criteria.filter((c) => c.kind === 'required').length,
    bonus: exercise.criteria.filter((c) => c.kind === 'bonus').length,
    common: exercise.criteria.filter((c) => c.kind === 'common').length,
    maxPoints: exercise.criteria.reduce((sum, c) => sum + pointsFor(c), 0),
    services: exercise.services,
    graded: isGraded(exercise),
    status: workspaceStatus(exercise),
    ...progressOf(readLastResult(workspaceProgramDir(exercise))?.summary),
  }));
}

function progressOf(summary: VerifySummary | undefined) {
  if (!summary) return {};
  const { requiredPassed, commonPassed, bonusPassed, points } = summary;
  return { progress: { requiredPassed, commonPassed, bonusPassed, points } };
}
