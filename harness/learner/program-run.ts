import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { undoFaults } from '../faults/undo-faults.ts';
import type { Exercise } from '../manifest/load-exercise.ts';
import { STATE_DIR } from '../paths.ts';
import { newRunId } from '../services/run-id.ts';
import type { StartedServices, WarmServers } from '../services/start-services.ts';
import type { ServiceProgress } from '../services/started-service.ts';
import { claimRunDir, cleanStaleRuns, killRegisteredGroups } from './clean-stale-runs.ts';
import { baseLearnerEnv } from './learner-program.ts';

/** One run of a learner's program (`lab verify`, `lab bench`): its folder, services and env. */
export interface ProgramRun {
  /** Names this run's databases, key prefix and container labels. */
  readonly runId: string;
  /** `.lab/runs/<project>-…`, claimed by this process: pids/, logs/, work/ and the fault ledger. */
  readonly runDir: string;
  readonly pidDir: string;
  readonly logDir: string;
  readonly workDir: string;
  readonly services?: StartedServices;
  /** baseLearnerEnv() plus what the services add (DATABASE_URL, REDIS_URL, KEY_PREFIX…). */
  readonly env: Readonly<Record<string, string>>;
}

export interface ProgramRunOptions {
  readonly exercise: Exercise;
  /** Ends the run folder's name, e.g. `bench`. */
  readonly label?: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (event: ServiceProgress) => void;
  /** Warm containers to run on; by default the ones `lab up` keeps, if any. */
  readonly warm?: WarmServers;
  /** Keep the run folder (data, learner logs) for inspection. */
  readonly keepRunDir?: boolean;
}

/**
 * Sets a run up — a claimed run folder under .lab/runs, the project's services isolated by a fresh
 * run id, the contract env — and tears it down whatever ends it (success, failure, crash of the
 * program, Ctrl-C): faults undone, every registered learner process group killed, services stopped,
 * the run folder removed.
 */
export async function withProgramRun<T>(options: ProgramRunOptions, use: (run: ProgramRun) => Promise<T>): Promise<T> {
  const { exercise, signal } = options;
  const runId = newRunId();
  mkdirSync(join(STATE_DIR, 'runs'), { recursive: true });
  cleanStaleRuns();
  const suffix = options.label ? `-${options.label}` : '';
  const runDir = mkdtempSync(join(STATE_DIR, 'runs', `${exercise.folder}${suffix}-`));
  claimRunDir(runDir);
  const dirs = { pidDir: join(runDir, 'pids'), logDir: join(runDir, 'logs'), workDir: join(runDir, 'work') };
  let services: StartedServices | undefined;
  try {
    for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
    if (exercise.services.length > 0) {
      // Loaded on demand: testcontainers is heavy and projects without services never need it.
      const { startServices } = await import('../services/start-services.ts');
      const { keptServers } = await import('../services/kept-services.ts');
      services = await startServices(exercise.services, {
        runId,
        toxiproxy: exercise.toxiproxy,
        warm: options.warm ?? (await keptServers()),
        ...(signal ? { signal } : {}),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      });
    }
    const env = { ...baseLearnerEnv(), ...services?.env };
    return await use({ runId, runDir, ...dirs, ...(services ? { services } : {}), env });
  } finally {
    await undoFaults(runDir);
    killRegisteredGroups(dirs.pidDir);
    await services?.stop();
    if (!options.keepRunDir) rmSync(runDir, { recursive: true, force: true });
  }
}
