import { cpus } from 'node:os';
import { LabError } from '../errors.ts';
import { labVersion } from '../grading/lab-version.ts';
import type { LearnerProgram } from '../learner/learner-program.ts';
import type { LearnerExit, StartedLearnerService } from '../learner/start-learner-service.ts';
import type { Exercise } from '../manifest/load-exercise.ts';
import type { ServiceProgress } from '../services/started-service.ts';
import { type RunningHelpers, startBenchHelpers } from './bench-helpers.ts';
import type { BenchManifest, BenchScenario } from './bench-manifest.ts';
import { checkThresholds, measure } from './bench-metrics.ts';
import type { BenchResult, ScenarioResult } from './bench-result.ts';
import { latencyHistogram } from './latency-stats.ts';
import { type AuthHeaders, httpRequest, obtainToken, runSetup } from './learner-requests.ts';
import { interrupted, type ProgramRun, withProgramRun } from './program-run.ts';
import { runLoad } from './run-load.ts';

/** What a view can show while `lab bench` runs. */
export type BenchEvent =
  | ServiceProgress
  | { readonly type: 'bench-phase'; readonly scenario: string; readonly phase: BenchPhase; readonly seconds?: number }
  | {
      readonly type: 'bench-tick';
      readonly scenario: string;
      readonly phase: 'warm-up' | 'measure';
      readonly elapsedSeconds: number;
      readonly totalSeconds: number;
      readonly lastSecondRequests: number;
    };
export type BenchPhase = 'start' | 'setup' | 'warm-up' | 'measure' | 'done';

export interface BenchOptions {
  readonly exercise: Exercise & { readonly bench: BenchManifest };
  readonly program: LearnerProgram;
  /** The scenarios to run, in order (all of the manifest's by default). */
  readonly scenarios: readonly BenchScenario[];
  /** Overrides every scenario's measured duration. */
  readonly durationSeconds?: number;
  readonly signal?: AbortSignal;
  readonly onEvent?: (event: BenchEvent) => void;
}

/**
 * Benches a learner program: starts the project's services once and, per scenario, one instance of
 * the program with the scenario's env; runs setup and auth, a discarded warm-up, then the measured
 * load. Everything is torn down whatever happens; Ctrl-C ends with an `interrupted` LabError.
 */
export async function benchProgram(options: BenchOptions): Promise<BenchResult> {
  const { exercise, program, signal } = options;
  const startedAt = new Date();
  const scenarios = await withProgramRun(
    { exercise, program, ...(signal ? { signal } : {}), ...(options.onEvent ? { onProgress: options.onEvent } : {}) },
    async (run) => {
      const results: ScenarioResult[] = [];
      for (const scenario of options.scenarios) results.push(await benchScenario(run, scenario, options));
      return results;
    },
  );
  if (signal?.aborted) throw interrupted();
  const finishedAt = new Date();
  return {
    kind: 'lab-bench',
    exercise: exercise.id,
    slug: exercise.slug,
    title: exercise.title,
    target: { source: program.source, dir: program.dir },
    scenarios,
    passed: scenarios.every((s) => s.passed),
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    durationMs: finishedAt.getTime() - startedAt.getTime(),
    labVersion: labVersion(),
    machine: { node: process.version, cpus: cpus().length, platform: process.platform },
  };
}

async function benchScenario(run: ProgramRun, scenario: BenchScenario, options: BenchOptions): Promise<ScenarioResult> {
  const emit = phaseEmitter(scenario, options);
  emit('start');
  const helpers = await startBenchHelpers(options.exercise.dir, options.exercise.bench.helpers);
  try {
    return await loadScenario(run, scenario, options, helpers);
  } finally {
    await helpers.close();
  }
}

async function loadScenario(
  run: ProgramRun,
  scenario: BenchScenario,
  options: BenchOptions,
  helpers: RunningHelpers,
): Promise<ScenarioResult> {
  const emit = phaseEmitter(scenario, options);
  const env = { ...options.exercise.bench.env, ...helpers.env, ...scenario.env };
  const instance = await run.startInstance(scenario.name, env);
  // The load stops as soon as the program exits or the user presses Ctrl-C.
  const stopLoad = new AbortController();
  let exit: LearnerExit | undefined;
  void instance.exited.then((how) => {
    exit = how;
    stopLoad.abort();
  });
  const onAbort = () => stopLoad.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    emit('setup');
    const setupAuth = scenario.setupAuth ?? scenario.auth;
    const setupHeaders: AuthHeaders = setupAuth ? await obtainToken(instance.url, setupAuth, stopLoad.signal) : {};
    await runSetup(instance.url, scenario, setupHeaders, stopLoad.signal);
    const loadHeaders =
      scenario.auth && scenario.auth !== setupAuth
        ? await obtainToken(instance.url, scenario.auth, stopLoad.signal)
        : setupHeaders;
    const request = httpRequest(scenario.request, loadHeaders);
    const load = (phase: 'warm-up' | 'measure', seconds: number) => {
      emit(phase, seconds);
      return runLoad({
        url: `${instance.url}${request.path}`,
        method: request.method,
        headers: request.headers,
        ...(request.body === undefined ? {} : { body: request.body }),
        connections: scenario.connections,
        durationSeconds: seconds,
        signal: stopLoad.signal,
        onTick: (tick) =>
          options.onEvent?.({ type: 'bench-tick', scenario: scenario.name, phase, totalSeconds: seconds, ...tick }),
      });
    };
    if (scenario.warmupSeconds > 0) await load('warm-up', scenario.warmupSeconds);
    const durationSeconds = options.durationSeconds ?? scenario.durationSeconds;
    const before = helpers.counters();
    const measured = stopLoad.signal.aborted ? undefined : await load('measure', durationSeconds);
    const helperCounters = countersBetween(before, helpers.counters());
    if (options.signal?.aborted) throw interrupted();
    if (exit || !measured) throw crashed(instance, exit);
    emit('done');
    const metrics = measure(measured);
    const thresholds = checkThresholds(scenario.thresholds, metrics);
    return {
      name: scenario.name,
      description: scenario.description,
      request: { method: request.method, path: request.path },
      connections: scenario.connections,
      durationSeconds,
      warmupSeconds: scenario.warmupSeconds,
      startedAt: measured.startedAt.toISOString(),
      finishedAt: measured.finishedAt.toISOString(),
      metrics,
      thresholds,
      histogram: latencyHistogram(measured.latencies),
      passed: thresholds.every((t) => t.passed),
      ...(Object.keys(helperCounters).length > 0 ? { helpers: helperCounters } : {}),
    };
  } catch (error) {
    if (options.signal?.aborted) throw interrupted();
    // A request that got no answer because the program died: say that it died, with its output.
    // Its exit may be reported a moment after the failed request.
    await Promise.race([instance.exited, new Promise((resolve) => setTimeout(resolve, 500))]);
    if (exit) throw crashed(instance, exit);
    throw error;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    if (!exit) await instance.stop();
  }
}

const phaseEmitter =
  (scenario: BenchScenario, options: BenchOptions) =>
  (phase: BenchPhase, seconds?: number): void =>
    options.onEvent?.({ type: 'bench-phase', scenario: scenario.name, phase, ...(seconds ? { seconds } : {}) });

/** What each helper counted between two snapshots. */
function countersBetween(
  before: Record<string, Record<string, number>>,
  after: Record<string, Record<string, number>>,
): Record<string, Record<string, number>> {
  return Object.fromEntries(
    Object.entries(after).map(([variable, counters]) => [
      variable,
      Object.fromEntries(Object.entries(counters).map(([name, n]) => [name, n - (before[variable]?.[name] ?? 0)])),
    ]),
  );
}

function crashed(instance: StartedLearnerService, exit: LearnerExit | undefined): LabError {
  const how = exit ? `exited with ${exit.exitCode ?? exit.signal}` : 'stopped answering';
  const output = instance.output(20);
  return new LabError(
    `your program (instance ${instance.instance}, PORT=${instance.port}) ${how} during the bench${output ? `\n  last output lines:\n${output.replace(/^/gm, '    ')}` : ''}`,
    { kind: 'learnerProgram', next: 'Fix the crash (run it yourself under the same load), then bench again.' },
  );
}
