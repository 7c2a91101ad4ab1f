import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { InternalError, LabError } from '../errors.ts';
import { undoFaults } from '../faults/undo-faults.ts';
import { claimRunDir, cleanStaleRuns, killRegisteredGroups } from '../learner/clean-stale-runs.ts';
import { baseLearnerEnv, type LearnerProgram } from '../learner/learner-program.ts';
import { type CriterionId, type CriterionSpec, pointsFor } from '../manifest/exercise-schema.ts';
import { type Exercise, isGraded } from '../manifest/load-exercise.ts';
import { STATE_DIR } from '../paths.ts';
import { newRunId } from '../services/run-id.ts';
import type { StartedServices, WarmServers } from '../services/start-services.ts';
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
  const runId = newRunId();
  mkdirSync(join(STATE_DIR, 'runs'), { recursive: true });
  cleanStaleRuns();
  const runDir = mkdtempSync(join(STATE_DIR, 'runs', `${exercise.folder}-`));
  claimRunDir(runDir);
  let services: StartedServices | undefined;
  let reporter: CriterionReporter;
  let vitestSaid: string;
  try {
    if (exercise.services.length > 0) {
      // Loaded on demand: testcontainers is heavy and most runs of project 25 need no container.
      const { startServices } = await import('../services/start-services.ts');
      const { keptServers } = await import('../services/kept-services.ts');
      services = await startServices(exercise.services, {
        runId,
        warm: options.warm ?? (await keptServers()),
        ...optional({ signal, onProgress: options.onEvent }),
      });
    }
    const context: LabRunContext = {
      exerciseId: exercise.id,
      runId,
      programDir: program.dir,
      workDir: join(runDir, 'work'),
      cacheDir: join(STATE_DIR, 'cache', exercise.folder),
      pidDir: join(runDir, 'pids'),
      logDir: join(runDir, 'logs'),
      commands: program.commands,
      ...(program.start ? { start: program.start } : {}),
      ...(exercise.contract.ready ? { readyPath: exercise.contract.ready.http } : {}),
      env: { ...baseLearnerEnv(), ...services?.env },
      services: services?.services ?? [],
      stepTimeoutMs: Math.min(exercise.criterionTimeoutMs, 120_000),
    };
    for (const dir of [context.workDir, context.cacheDir, context.pidDir, context.logDir]) {
      mkdirSync(dir, { recursive: true });
    }
    reporter = new CriterionReporter(selected, context.logDir, options.onEvent);
    vitestSaid = await runVitest(exercise, files, context, reporter, signal);
  } finally {
    await undoFaults(runDir);
    killRegisteredGroups(join(runDir, 'pids'));
    await services?.stop();
    if (!options.keepRunDir) rmSync(runDir, { recursive: true, force: true });
  }
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
