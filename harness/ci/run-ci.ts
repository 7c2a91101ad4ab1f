import { LabError } from '../errors.ts';
import { gradeProgram, ungradable, type VerifyEvent } from '../grading/run-grader.ts';
import type { VerifyResult } from '../grading/verify-result.ts';
import { assertDependenciesInstalled } from '../learner/check-dependencies.ts';
import { type LearnerProgram, resolveProgram } from '../learner/learner-program.ts';
import { saveLastResult } from '../learner/workspace-status.ts';
import type { Exercise } from '../manifest/load-exercise.ts';
import type { GraderCheck } from './compare-graders.ts';
import type { CiSelection } from './select-ci-projects.ts';

/** A started project lab cannot grade yet: listed, never a failure. */
export interface NotGradedProject {
  readonly exercise: number;
  readonly slug: string;
  readonly title: string;
}

/** Sums over every graded project; `passed` iff each one passed its required and common criteria (exit code 0). */
export interface CiTotals {
  readonly projects: number;
  readonly passedProjects: number;
  readonly requiredPassed: number;
  readonly requiredTotal: number;
  readonly bonusPassed: number;
  readonly bonusTotal: number;
  readonly commonPassed: number;
  readonly commonTotal: number;
  readonly points: number;
  readonly maxPoints: number;
  readonly passed: boolean;
}

/** The whole result of `lab ci`: exactly results.json and `--json`. */
export interface CiReport {
  readonly results: readonly VerifyResult[];
  readonly notGraded: readonly NotGradedProject[];
  readonly totals: CiTotals;
  /** With `--check-graders`: the student checkout's grader files that differ from lab's (any → exit 1). */
  readonly graderCheck?: GraderCheck;
}

export interface CiOptions {
  readonly onStart?: (exercise: Exercise, dir: string) => void;
  readonly onEvent?: (event: VerifyEvent) => void;
  readonly onResult?: (result: VerifyResult) => void;
  readonly signal?: AbortSignal;
}

/** Grades each project's workspace copy in turn (one set of services at a time), remembering each result there. */
export async function runCi(selection: CiSelection, options: CiOptions = {}): Promise<CiReport> {
  const results: VerifyResult[] = [];
  for (const exercise of selection.graded) {
    const program = resolveProgram(exercise, {});
    options.onStart?.(exercise, program.dir);
    const result = await gradeOrRecord(exercise, program, options);
    saveLastResult(program.dir, result);
    options.onResult?.(result);
    results.push(result);
  }
  return {
    results,
    notGraded: selection.notGraded.map((e) => ({ exercise: e.id, slug: e.slug, title: e.title })),
    totals: ciTotals(results),
  };
}

/**
 * Grades one project; a problem of that learner program alone (its packages are missing…) is
 * recorded as its result, with every criterion failed and the reason, so the other projects are
 * still graded. Problems of the environment (no Docker) still stop the whole run.
 */
async function gradeOrRecord(exercise: Exercise, program: LearnerProgram, options: CiOptions): Promise<VerifyResult> {
  try {
    assertDependenciesInstalled(program.dir);
    return await gradeProgram({
      exercise,
      program,
      ...(options.onEvent ? { onEvent: options.onEvent } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    if (!(error instanceof LabError && error.kind === 'learnerProgram')) throw error;
    const next = error.options.next ? ` ${error.options.next}` : '';
    return ungradable(exercise, program, `lab could not grade this program: ${error.message}.${next}`);
  }
}

export function ciTotals(results: readonly VerifyResult[]): CiTotals {
  const sum = (pick: (r: VerifyResult) => number) => results.reduce((total, r) => total + pick(r), 0);
  return {
    projects: results.length,
    passedProjects: results.filter((r) => r.summary.passed).length,
    requiredPassed: sum((r) => r.summary.requiredPassed),
    requiredTotal: sum((r) => r.summary.requiredTotal),
    bonusPassed: sum((r) => r.summary.bonusPassed),
    bonusTotal: sum((r) => r.summary.bonusTotal),
    commonPassed: sum((r) => r.summary.commonPassed),
    commonTotal: sum((r) => r.summary.commonTotal),
    points: sum((r) => r.summary.points),
    maxPoints: sum((r) => r.summary.maxPoints),
    passed: results.every((r) => r.summary.passed),
  };
}
