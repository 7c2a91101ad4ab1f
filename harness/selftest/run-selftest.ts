import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { STARTER_FAILS } from '../common/common-criteria.ts';
import { gradeProgram } from '../grading/run-grader.ts';
import type { CriterionResult, VerifyResult } from '../grading/verify-result.ts';
import { loadProgram, type ProgramSource } from '../learner/learner-program.ts';
import type { CriterionId } from '../manifest/exercise-schema.ts';
import type { Exercise } from '../manifest/load-exercise.ts';
import { STATE_DIR } from '../paths.ts';
import type { WarmServices } from '../services/warm-services.ts';
import { applyMutant } from './apply-mutant.ts';
import { checkAgreement } from './check-agreement.ts';
import { loadMutants, type Mutant } from './load-mutants.ts';

export interface RunSummary {
  readonly passed: readonly CriterionId[];
  readonly failed: readonly CriterionId[];
  readonly durationMs: number;
}

export interface MutantOutcome {
  readonly name: string;
  readonly targets: CriterionId;
  readonly description: string;
  /** The targeted criterion failed. */
  readonly caught: boolean;
  readonly message?: string;
  /** With `strict`: other criteria the mutant made fail (a mutant must fail exactly its target). */
  readonly alsoFailed?: readonly CriterionId[];
}

export interface SelftestResult {
  readonly exercise: number;
  readonly ok: boolean;
  readonly problems: readonly string[];
  readonly solution: { readonly ok: boolean; readonly runs: readonly RunSummary[] };
  readonly starter: { readonly ok: boolean; readonly run?: RunSummary };
  readonly mutants: readonly MutantOutcome[];
  readonly durationMs: number;
}

export type SelftestEvent = { readonly exercise: number; readonly step: string; readonly ok?: boolean };

interface SelftestOptions {
  repeat: number;
  /** Grade every criterion of each mutant and require that only its target fails (slower). */
  strict?: boolean;
  signal?: AbortSignal;
  onEvent?: (event: SelftestEvent) => void;
}

/**
 * Proves a grader: the solution passes every criterion `repeat` times, the untouched starter fails
 * every required one, every mutant fails the criterion it targets, and manifest and grader agree.
 * The project's containers start once for all these runs (each run still gets its own database and
 * key prefix): a selftest is a dozen or more runs, and container start-up would dominate it.
 */
export async function selftestExercise(exercise: Exercise, options: SelftestOptions): Promise<SelftestResult> {
  let warm: WarmServices | undefined;
  if (exercise.services.length > 0) {
    const { startWarmServices } = await import('../services/warm-services.ts');
    warm = await startWarmServices(exercise.services, {
      source: 'lab selftest',
      ...(options.signal ? { signal: options.signal } : {}),
    });
  }
  try {
    return await selftestOn(exercise, options, warm);
  } finally {
    await warm?.stop();
  }
}

async function selftestOn(
  exercise: Exercise,
  options: SelftestOptions,
  warm: WarmServices | undefined,
): Promise<SelftestResult> {
  const started = Date.now();
  const say = (step: string, ok?: boolean) =>
    options.onEvent?.({ exercise: exercise.id, step, ...(ok === undefined ? {} : { ok }) });
  const mutants = loadMutants(exercise);
  const problems = [...checkAgreement(exercise, mutants)];
  const grade = (dir: string, source: ProgramSource, only?: readonly CriterionId[]) =>
    gradeProgram({
      exercise,
      program: loadProgram(exercise, dir, source),
      ...(only ? { only } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(warm ? { warm: warm.servers } : {}),
    });

  const runs: RunSummary[] = [];
  for (let i = 1; i <= options.repeat; i++) {
    say(`solution run ${i}/${options.repeat}`);
    const runStarted = Date.now();
    const result = await withCopy(exercise.solutionDir, undefined, (dir) => grade(dir, 'solution'));
    problems.push(...taggingProblems(result));
    const run = summarizeRun(result);
    runs.push(run);
    for (const c of result.criteria.filter((c) => c.state !== 'passed')) {
      problems.push(`solution run ${i}: ${c.id} ${c.state}${c.state === 'failed' ? `: ${firstLine(c.message)}` : ''}`);
    }
    say(
      `solution run ${i}/${options.repeat}: ${run.passed.length}/${exercise.criteria.length} passed${tookSince(runStarted)}`,
      run.failed.length === 0,
    );
  }

  say('starter');
  const starterStarted = Date.now();
  // Only what an untouched starter must fail is graded on it: the required criteria and the common
  // ones its toolchain cannot pass (C1, C2, C5). Bonus criteria and C3, C4, C6 would prove nothing
  // there, and a bonus grader's extra containers cost a minute on some projects.
  const onStarter = exercise.criteria.filter((c) => c.kind === 'required' || STARTER_FAILS.has(c.id)).map((c) => c.id);
  const starterResult = await withCopy(exercise.starterDir, undefined, (dir) => grade(dir, 'starter', onStarter));
  const starterRun = summarizeRun(starterResult);
  const mustFail = (c: CriterionResult) => c.kind === 'required' || STARTER_FAILS.has(c.id);
  const unsolved = starterResult.criteria.filter((c) => mustFail(c) && c.state !== 'failed');
  for (const c of unsolved) problems.push(`starter: ${c.kind} ${c.id} ${c.state}; an untouched starter must fail it`);
  say(`starter: fails ${starterRun.failed.length} criteria${tookSince(starterStarted)}`, unsolved.length === 0);

  const outcomes: MutantOutcome[] = [];
  for (const mutant of mutants) {
    say(`mutant ${mutant.name} (${mutant.targets})`);
    const mutantStarted = Date.now();
    const only = options.strict ? undefined : [mutant.targets];
    const result = await withCopy(exercise.solutionDir, mutant, (dir) => grade(dir, 'mutant', only));
    const target = result.criteria.find((c) => c.id === mutant.targets) as CriterionResult;
    const caught = target.state === 'failed';
    if (!caught)
      problems.push(`mutant ${mutant.name} was not caught: ${mutant.targets} still passes (${mutant.description})`);
    const alsoFailed = options.strict
      ? result.criteria.filter((c) => c.id !== mutant.targets && c.state === 'failed').map((c) => c.id)
      : [];
    if (alsoFailed.length > 0) {
      problems.push(
        `mutant ${mutant.name} (--strict) also fails ${alsoFailed.join(', ')}: it should fail only ${mutant.targets}`,
      );
    }
    outcomes.push({
      name: mutant.name,
      targets: mutant.targets,
      description: mutant.description,
      caught,
      ...(target.state === 'failed' ? { message: firstLine(target.message) } : {}),
      ...(options.strict ? { alsoFailed } : {}),
    });
    say(
      `mutant ${mutant.name}: ${caught ? 'caught' : 'NOT caught'} by ${mutant.targets}${tookSince(mutantStarted)}`,
      caught,
    );
  }

  return {
    exercise: exercise.id,
    ok: problems.length === 0,
    problems,
    solution: { ok: runs.every((r) => r.failed.length === 0 && r.passed.length === exercise.criteria.length), runs },
    starter: { ok: unsolved.length === 0, run: starterRun },
    mutants: outcomes,
    durationMs: Date.now() - started,
  };
}

/** Grades a fresh copy under .lab (so lab's node_modules resolve), with a mutant's patch applied. */
async function withCopy<T>(source: string, mutant: Mutant | undefined, use: (dir: string) => Promise<T>): Promise<T> {
  mkdirSync(join(STATE_DIR, 'programs'), { recursive: true });
  const dir = mkdtempSync(join(STATE_DIR, 'programs', 'copy-'));
  try {
    cpSync(source, dir, {
      recursive: true,
      filter: (path) => !path.startsWith(join(source, 'mutants')) && !path.includes('/.lab'),
    });
    if (mutant) applyMutant(mutant, dir);
    return await use(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function summarizeRun(result: VerifyResult): RunSummary {
  return {
    passed: result.criteria.filter((c) => c.state === 'passed').map((c) => c.id),
    failed: result.criteria.filter((c) => c.state === 'failed').map((c) => c.id),
    durationMs: result.durationMs,
  };
}

/** A criterion graded by no test at all is a grader defect, whatever else happened. */
function taggingProblems(result: VerifyResult): string[] {
  return result.criteria
    .filter((c) => c.state !== 'skipped' && c.tests.length === 0)
    .map((c) => `${c.id} has no grader test that ran`);
}

const firstLine = (text: string): string => text.split('\n')[0] ?? '';

/** ` (12.3 s)`: each step's time, so a slow grader or mutant shows where a selftest spends it. */
const tookSince = (started: number): string => ` (${((Date.now() - started) / 1000).toFixed(1)} s)`;

export const hasSelftestParts = (exercise: Exercise): boolean =>
  existsSync(exercise.solutionDir) && existsSync(exercise.starterDir);
