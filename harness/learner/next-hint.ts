import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LabError } from '../errors.ts';
import type { CriterionSpec } from '../manifest/exercise-schema.ts';
import type { Exercise } from '../manifest/load-exercise.ts';
import { workspaceProgramDir } from './learner-program.ts';
import { readLastResult } from './workspace-status.ts';

export interface HintView {
  readonly exercise: number;
  readonly criterion: CriterionSpec['id'];
  readonly title: string;
  /** The hints revealed so far, the newest last. */
  readonly hints: readonly string[];
  readonly total: number;
}

/**
 * Reveals one more hint each time it is asked (remembered in the workspace); without a criterion,
 * picks the first one that failed in the last `lab verify`.
 */
export function nextHint(exercise: Exercise, criterionId?: string, options: { all?: boolean } = {}): HintView {
  const workspace = workspaceProgramDir(exercise);
  const failed = readLastResult(workspace)?.criteria.find((c) => c.state === 'failed')?.id;
  const wanted = (criterionId ?? failed ?? exercise.criteria[0]?.id ?? '').toUpperCase();
  const criterion = exercise.criteria.find((c) => c.id === wanted);
  if (!criterion) {
    throw new LabError(`project ${exercise.id} has no criterion ${criterionId}`, {
      next: `Its criteria are ${exercise.criteria.map((c) => c.id).join(', ')}.`,
    });
  }
  const stateFile = join(workspace, '.lab', 'hints.json');
  const seen: Record<string, number> = existsSync(stateFile) ? JSON.parse(readFileSync(stateFile, 'utf8')) : {};
  const shown = options.all ? criterion.hints.length : Math.min((seen[criterion.id] ?? 0) + 1, criterion.hints.length);
  if (existsSync(workspace)) {
    mkdirSync(join(workspace, '.lab'), { recursive: true });
    writeFileSync(stateFile, `${JSON.stringify({ ...seen, [criterion.id]: shown }, null, 2)}\n`);
  }
  return {
    exercise: exercise.id,
    criterion: criterion.id,
    title: criterion.title,
    hints: criterion.hints.slice(0, shown),
    total: criterion.hints.length,
  };
}
