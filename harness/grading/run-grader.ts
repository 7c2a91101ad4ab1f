import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { isCommonGraderFile } from '../common/common-criteria.ts';
import { InternalError, LabError } from '../errors.ts';
import type { LearnerProgram } from '../learner/learner-program.ts';
import { withProgramRun } from '../learner/program-run.ts';
import { type CriterionId, type CriterionSpec, pointsFor } from '../manifest/exercise-schema.ts';
import { type Exercise, isGraded } from '../manifest/load-exercise.ts';
import { STATE_DIR } from '../paths.ts';
import type { WarmServers } from '../services/start-services.ts';
import type { ServiceProgress } from '../services/started-service.ts';
import { CriterionReporter, criterionOfFile, type GradingEvent } from './criterion-reporter.ts';
import { graderDigest } from './grader-digest.ts';
import { labVersion } from './lab-version.ts';
import type { LabRunContext } from './run-context.ts';
import { runVitest } from './run-vitest.ts';
import { type CriterionResult, summarize, type VerifyResult } from './verify-result.ts';

/** Everything a view can show while `lab verify` runs: services coming up, criteria ticking. */
export type VerifyEvent = GradingEvent | ServiceProgress;

export interface GradeOptions {
  readonly exercise: Exercise;
  readonly program: LearnerProgram;
  /** Grade only these criteria; the others are reported as skipped. */
  readonly only?: readonly CriterionId[];
  readonly onEvent?: (event: VerifyEvent) => void;
  /** Aborting (Ctrl-C) cancels the run; teardown still happens, then a LabError is thrown. */
  readonly signal?: AbortSignal;
  /** Keep the run folder (data, learner logs) for inspection. */
  readonly keepRunDir?: boolean;
  /**
   * Warm containers to run on (`lab watch` holds its own); by default the ones `lab up` keeps, if
   * any. The run still gets a fresh database / key prefix on them and never stops them.
   */
  readonly warm?: WarmServers;
}

/** A project whose grader is not written yet cannot be verified; say so plainly. */
export function assertGraded(exercise: Exercise): void {
  if (!isGraded(exercise)) {
    throw new LabError(`project ${exercise.id} (${exercise.title}) has no grader yet: nothing can be verified`, {
      next: 'Read its README and build it; `lab list` shows which projects are graded.',
    });
  }
}

/**
 * Grades a learner program: starts the project's services, runs its grader files, maps each test to
 * its criterion, and tears everything down whatever happens (success, failure, crash, Ctrl-C).
 */
export async function gradeProgram(options: GradeOptions): Promise<VerifyResult> {
  const { exercise, program, only, signal } = options;
  assertGraded(exercise);
  const selected = only?.length ? exercise.criteria.filter((c) => only.includes(c.id)) : exercise.criteria;
  const files = exercise.graderFiles.filter((file) => selected.some((c) => c.id === criterionOfFile(file)));
  const startedAt = new Date();
  const runOptions = {
    exercise,
    ...optional({ signal, onProgress: options.onEvent, warm: options.warm, keepRunDir: options.keepRunDir }),
  };
  const { reporter, vitestSaid } = await withProgramRun(runOptions, async (run) => {
    const context: LabRunContext = {
      exerciseId: exercise.id,
      runId: run.runId,
      programDir: program.dir,
      workDir: run.workDir,
      cacheDir: join(STATE_DIR, 'cache', exercise.folder),
      pidDir: run.pidDir,
      logDir: run.logDir,
      commands: program.commands,
      ...(program.start ? { start: program.start } : {}),
      ...(exercise.contract.ready ? { readyPath: exercise.contract.ready.http } : {}),
      env: run.env,
      services: run.services?.services ?? [],
      stepTimeoutMs: Math.min(exercise.criterionTimeoutMs, 120_000),
      criterionTimeoutMs: exercise.criterionTimeoutMs,
      contractKind: exercise.contract.kind,
      checks: program.checks,
      ...(exercise.common ? { common: exercise.common } : {}),
    };
    mkdirSync(context.cacheDir, { recursive: true });
    const reporter = new CriterionReporter(selected, context.logDir, options.onEvent);
    // The common criteria run after the project's own: a test suite and a type check are seconds of
    // CPU that would otherwise skew the timing-sensitive R/B criteria running beside them.
    const said: string[] = [];
    for (const batch of [files.filter((f) => !isCommonGraderFile(f)), files.filter(isCommonGraderFile)]) {
      if (batch.length > 0 && !signal?.aborted) said.push(await runVitest(exercise, batch, context, reporter, signal));
    }
    return { reporter, vitestSaid: said.filter(Boolean).join('\n') };
  });
  if (signal?.aborted) {
    throw new LabError('interrupted: the run was stopped and everything it started was torn down', {
      kind: 'interrupted',
    });
  }
  if (reporter.unknownTags.size > 0) {
    // A grader test that belongs to no criterion of the manifest is a defect of lab's grader, not of the learner.
    throw new InternalError(
      'GRADER_UNTAGGED',
      `the grader of project ${exercise.id} has tests outside criterion(): ${[...reporter.unknownTags].join('; ')}`,
    );
  }
  const criteria = exercise.criteria.map(
    (spec) => reporter.results.get(spec.id) ?? unreported(spec, selected.includes(spec), vitestSaid),
  );
  return verifyResult(exercise, program, criteria, startedAt);
}

/**
 * The result of a program lab could not even grade (its packages are not installed…): every
 * criterion failed with the reason. `lab ci` records it and goes on with the next project.
 */
export function ungradable(exercise: Exercise, program: LearnerProgram, reason: string): VerifyResult {
  const criteria = exercise.criteria.map((spec) => ({ ...unreported(spec, true, ''), message: reason }));
  return verifyResult(exercise, program, criteria, new Date());
}

function verifyResult(
  exercise: Exercise,
  program: LearnerProgram,
  criteria: CriterionResult[],
  startedAt: Date,
): VerifyResult {
  return {
    exercise: exercise.id,
    slug: exercise.slug,
    title: exercise.title,
    target: { source: program.source, dir: program.dir },
    criteria,
    summary: summarize(criteria),
    durationMs: Date.now() - startedAt.getTime(),
    startedAt: startedAt.toISOString(),
    labVersion: labVersion(),
    graderDigest: graderDigest(exercise),
  };
}

/** A criterion the reporter heard nothing about: left out by --only, or a grader that never ran. */
function unreported(spec: CriterionSpec, selected: boolean, vitestSaid: string): CriterionResult {
  const base = { id: spec.id, kind: spec.kind, title: spec.title, difficulty: spec.difficulty };
  const common = { ...base, points: 0, maxPoints: pointsFor(spec), durationMs: 0, tests: [] };
  if (!selected) return { ...common, state: 'skipped', message: 'not selected (--only)' };
  const said = vitestSaid ? `; vitest said:\n${vitestSaid}` : '';
  return { ...common, state: 'failed', message: `the grader reported nothing for ${spec.id}${said}` };
}

/** Drops undefined values, for options objects under exactOptionalPropertyTypes-style APIs. */
const optional = <T extends Record<string, unknown>>(object: T): Partial<T> =>
  Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as Partial<T>;
