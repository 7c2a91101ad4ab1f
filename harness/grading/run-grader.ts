import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { InternalError, LabError } from '../errors.ts';
import { baseLearnerEnv, type LearnerProgram } from '../learner/learner-program.ts';
import { killProcessGroup } from '../learner/run-learner-command.ts';
import type { CriterionId } from '../manifest/exercise-schema.ts';
import { type Exercise, isGraded } from '../manifest/load-exercise.ts';
import { LAB_ROOT, STATE_DIR } from '../paths.ts';
import { CriterionReporter, criterionOfFile, type GradingEvent } from './criterion-reporter.ts';
import { graderDigest } from './grader-digest.ts';
import { labVersion } from './lab-version.ts';
import type { LabRunContext } from './run-context.ts';
import { type CriterionResult, summarize, type VerifyResult } from './verify-result.ts';

export interface GradeOptions {
  readonly exercise: Exercise;
  readonly program: LearnerProgram;
  /** Grade only these criteria; the others are reported as skipped. */
  readonly only?: readonly CriterionId[];
  readonly onEvent?: (event: GradingEvent) => void;
  /** Aborting (Ctrl-C) cancels the run; teardown still happens, then a LabError is thrown. */
  readonly signal?: AbortSignal;
  /** Keep the run folder (data, learner logs) for inspection. */
  readonly keepRunDir?: boolean;
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
 * Grades a learner program: runs the exercise's grader files with vitest's Node API, maps each
 * test to its criterion, and tears everything down whatever happens.
 */
export async function gradeProgram(options: GradeOptions): Promise<VerifyResult> {
  const { exercise, program, only, signal } = options;
  assertGraded(exercise);
  const selected = only?.length ? exercise.criteria.filter((c) => only.includes(c.id)) : exercise.criteria;
  const files = exercise.graderFiles.filter((file) => selected.some((c) => c.id === criterionOfFile(file)));
  const startedAt = new Date();
  mkdirSync(join(STATE_DIR, 'runs'), { recursive: true });
  const runDir = mkdtempSync(join(STATE_DIR, 'runs', `${exercise.folder}-`));
  const context: LabRunContext = {
    exerciseId: exercise.id,
    programDir: program.dir,
    workDir: join(runDir, 'work'),
    cacheDir: join(STATE_DIR, 'cache', exercise.folder),
    pidDir: join(runDir, 'pids'),
    logDir: join(runDir, 'logs'),
    commands: program.commands,
    env: baseLearnerEnv(),
    stepTimeoutMs: Math.min(exercise.criterionTimeoutMs, 120_000),
  };
  for (const dir of [context.workDir, context.cacheDir, context.pidDir, context.logDir])
    mkdirSync(dir, { recursive: true });
  const reporter = new CriterionReporter(selected, context.logDir, options.onEvent);
  const vitestOutput: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      vitestOutput.push(String(chunk));
      done();
    },
  });

  // Loaded on demand: vitest and vite are most of lab's start-up time.
  const { createVitest } = await import('vitest/node');
  let vitest: Awaited<ReturnType<typeof createVitest>> | undefined;
  const cancel = () => void vitest?.cancelCurrentRun('keyboard-input');
  signal?.addEventListener('abort', cancel, { once: true });
  try {
    const ownSignalListeners = signalListeners();
    vitest = await createVitest(
      'test',
      {
        root: LAB_ROOT,
        config: false,
        watch: false,
        reporters: [reporter],
        provide: { lab: context },
        dir: exercise.graderDir,
        include: ['**/*.test.ts'],
        testTimeout: exercise.criterionTimeoutMs,
        hookTimeout: exercise.criterionTimeoutMs,
        teardownTimeout: 10_000,
        pool: 'forks',
        maxWorkers: 2,
      },
      {},
      { stdout: sink, stderr: sink },
    );
    // vitest's logger exits the process on SIGINT/SIGTERM; lab owns those signals so teardown always runs.
    for (const [signal, listener] of signalListeners()) {
      if (!ownSignalListeners.some(([s, l]) => s === signal && l === listener)) process.off(signal, listener);
    }
    await vitest.start(files);
  } catch (error) {
    throw new InternalError('GRADER_START', `vitest could not run the grader of project ${exercise.id}`, {
      cause: error,
    });
  } finally {
    signal?.removeEventListener('abort', cancel);
    await vitest?.close().catch(() => {});
    killLeftovers(context.pidDir);
    if (!options.keepRunDir) rmSync(runDir, { recursive: true, force: true });
  }
  // vitest sets a failing exit code for failed tests; lab decides its own exit code.
  process.exitCode = undefined;
  if (signal?.aborted)
    throw new LabError('interrupted: the run was stopped and everything it started was torn down', {
      kind: 'interrupted',
    });

  if (reporter.unknownTags.size > 0) {
    // A grader test that belongs to no criterion of the manifest is a defect of lab's grader, not of the learner.
    throw new InternalError(
      'GRADER_UNTAGGED',
      `the grader of project ${exercise.id} has tests outside criterion(): ${[...reporter.unknownTags].join('; ')}`,
    );
  }
  const criteria: CriterionResult[] = exercise.criteria.map((spec) => {
    const result = reporter.results.get(spec.id);
    if (result) return result;
    const base = { id: spec.id, kind: spec.kind, title: spec.title, difficulty: spec.difficulty };
    const maxPoints = spec.difficulty * 10;
    if (!selected.includes(spec)) {
      return {
        ...base,
        state: 'skipped',
        points: 0,
        maxPoints,
        durationMs: 0,
        tests: [],
        message: 'not selected (--only)',
      };
    }
    const output = tailVitestOutput(vitestOutput);
    return {
      ...base,
      state: 'failed',
      points: 0,
      maxPoints,
      durationMs: 0,
      tests: [],
      message: `the grader reported nothing for ${spec.id}${output ? `; vitest said:\n${output}` : ''}`,
    };
  });
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

const signalListeners = () =>
  (['SIGINT', 'SIGTERM'] as const).flatMap((signal) =>
    process.listeners(signal).map((listener) => [signal, listener] as const),
  );

/** Kills every learner process group still registered: nothing outlives a run. */
function killLeftovers(pidDir: string): void {
  for (const pid of readdirSafe(pidDir)) {
    killProcessGroup(Number(pid), 'SIGKILL');
  }
}

const readdirSafe = (dir: string): string[] => {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
};

const tailVitestOutput = (chunks: readonly string[]): string =>
  chunks.join('').trim().split('\n').slice(-15).join('\n');
