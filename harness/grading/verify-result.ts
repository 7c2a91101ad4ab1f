import { z } from 'zod';
import { PROGRAM_SOURCES } from '../learner/learner-program.ts';
import { ALL_CRITERION_IDS, CRITERION_KINDS } from '../manifest/exercise-schema.ts';

/** One grader test inside a criterion. */
export const testResultSchema = z.object({
  name: z.string(),
  state: z.enum(['passed', 'failed', 'skipped']),
  durationMs: z.number().int().nonnegative(),
  message: z.string().optional(),
});

const criterionBase = {
  id: z.enum(ALL_CRITERION_IDS),
  kind: z.enum(CRITERION_KINDS),
  title: z.string(),
  difficulty: z.number().int().min(1).max(5),
  /** Points earned: `maxPoints` when passed, else 0. */
  points: z.number().int().nonnegative(),
  /** difficulty × 10. */
  maxPoints: z.number().int().positive(),
  durationMs: z.number().int().nonnegative(),
  tests: z.array(testResultSchema).readonly(),
};

/** The result of one criterion: a union keyed on `state`. */
export const criterionResultSchema = z.discriminatedUnion('state', [
  z.object({ ...criterionBase, state: z.literal('passed') }),
  z.object({
    ...criterionBase,
    state: z.literal('failed'),
    /** What was sent, what was expected, what came back. */
    message: z.string(),
    /** Last lines of the learner's output during this criterion, prefixed `[your program]`. */
    learnerOutput: z.string().optional(),
  }),
  /** Not selected with --only. */
  z.object({ ...criterionBase, state: z.literal('skipped'), message: z.string() }),
]);

export const verifySummarySchema = z.object({
  requiredPassed: z.number().int(),
  requiredTotal: z.number().int(),
  bonusPassed: z.number().int(),
  bonusTotal: z.number().int(),
  /** The common criteria C1–C6 (0 of 0 when the project or the class has them off). */
  commonPassed: z.number().int().default(0),
  commonTotal: z.number().int().default(0),
  points: z.number().int(),
  maxPoints: z.number().int(),
  /** No required or common criterion failed (all passed, unless `--only` left some out); exit code 0 iff true. */
  passed: z.boolean(),
});

/** The whole result of `lab verify`: exactly what `--json` prints (docs/result.schema.json). */
export const verifyResultSchema = z.object({
  exercise: z.number().int().min(1).max(25),
  slug: z.string(),
  title: z.string(),
  target: z.object({
    source: z.enum(PROGRAM_SOURCES),
    dir: z.string(),
  }),
  criteria: z.array(criterionResultSchema).readonly(),
  summary: verifySummarySchema,
  durationMs: z.number().int().nonnegative(),
  /** ISO 8601. */
  startedAt: z.string(),
  labVersion: z.string(),
  /** sha256 of the manifest and grader files: which grader gave this grade. */
  graderDigest: z.string().regex(/^sha256:[0-9a-f]{64}$/),
});

export type TestResult = z.infer<typeof testResultSchema>;
export type CriterionResult = z.infer<typeof criterionResultSchema>;
export type VerifySummary = z.infer<typeof verifySummarySchema>;
export type VerifyResult = z.infer<typeof verifyResultSchema>;

export function summarize(criteria: readonly CriterionResult[]): VerifySummary {
  const required = criteria.filter((c) => c.kind === 'required');
  const bonus = criteria.filter((c) => c.kind === 'bonus');
  const common = criteria.filter((c) => c.kind === 'common');
  return {
    requiredPassed: required.filter((c) => c.state === 'passed').length,
    requiredTotal: required.length,
    bonusPassed: bonus.filter((c) => c.state === 'passed').length,
    bonusTotal: bonus.length,
    commonPassed: common.filter((c) => c.state === 'passed').length,
    commonTotal: common.length,
    points: criteria.reduce((sum, c) => sum + c.points, 0),
    maxPoints: criteria.reduce((sum, c) => sum + c.maxPoints, 0),
    passed: [...required, ...common].every((c) => c.state !== 'failed') && criteria.some((c) => c.state !== 'skipped'),
  };
}
