import type { ProgramSource } from '../learner/learner-program.ts';
import type { CriterionId } from '../manifest/exercise-schema.ts';

/** One grader test inside a criterion. */
export interface TestResult {
  readonly name: string;
  readonly state: 'passed' | 'failed' | 'skipped';
  readonly durationMs: number;
  readonly message?: string;
}

interface CriterionBase {
  readonly id: CriterionId;
  readonly kind: 'required' | 'bonus';
  readonly title: string;
  readonly difficulty: number;
  /** Points earned: `maxPoints` when passed, else 0. */
  readonly points: number;
  readonly maxPoints: number;
  readonly durationMs: number;
  readonly tests: readonly TestResult[];
}

/** The result of one criterion: a union keyed on `state`; exactly what `--json` prints. */
export type CriterionResult =
  | (CriterionBase & { readonly state: 'passed' })
  | (CriterionBase & {
      readonly state: 'failed';
      /** What was sent, what was expected, what came back. */
      readonly message: string;
      /** Last lines of the learner's output during this criterion, prefixed `[your program]`. */
      readonly learnerOutput?: string;
    })
  | (CriterionBase & { readonly state: 'skipped'; readonly message: string });

export interface VerifySummary {
  readonly requiredPassed: number;
  readonly requiredTotal: number;
  readonly bonusPassed: number;
  readonly bonusTotal: number;
  readonly points: number;
  readonly maxPoints: number;
  /** No required criterion failed (all of them passed, unless `--only` left some out). */
  readonly passed: boolean;
}

/** The whole result of `lab verify`: serialised as is by `--json`. */
export interface VerifyResult {
  readonly exercise: number;
  readonly slug: string;
  readonly title: string;
  readonly target: { readonly source: ProgramSource; readonly dir: string };
  readonly criteria: readonly CriterionResult[];
  readonly summary: VerifySummary;
  readonly durationMs: number;
  readonly startedAt: string;
  readonly labVersion: string;
  /** sha256 of the manifest and grader files: which grader gave this grade. */
  readonly graderDigest: string;
}

export function summarize(criteria: readonly CriterionResult[]): VerifySummary {
  const required = criteria.filter((c) => c.kind === 'required');
  const bonus = criteria.filter((c) => c.kind === 'bonus');
  const requiredPassed = required.filter((c) => c.state === 'passed').length;
  return {
    requiredPassed,
    requiredTotal: required.length,
    bonusPassed: bonus.filter((c) => c.state === 'passed').length,
    bonusTotal: bonus.length,
    points: criteria.reduce((sum, c) => sum + c.points, 0),
    maxPoints: criteria.reduce((sum, c) => sum + c.maxPoints, 0),
    passed: required.every((c) => c.state !== 'failed') && criteria.some((c) => c.state !== 'skipped'),
  };
}
