import { join } from 'node:path';
import { LabError } from '../errors.ts';
import type { LearnerProgram } from '../learner/learner-program.ts';
import { type ProgramRun as BaseRun, withProgramRun as withBaseRun } from '../learner/program-run.ts';
import {
  LearnerServiceError,
  type StartedLearnerService,
  startLearnerService,
} from '../learner/start-learner-service.ts';
import type { Exercise } from '../manifest/load-exercise.ts';
import type { ServiceProgress } from '../services/started-service.ts';

/** A run of a service program as `lab verify` sets it up, plus a way to start instances of it. */
export interface ProgramRun extends BaseRun {
  /** Starts one instance of the program (PORT is its own) and waits for its ready path. */
  startInstance(instance: string, extraEnv?: Readonly<Record<string, string>>): Promise<StartedLearnerService>;
}

export interface ProgramRunOptions {
  readonly exercise: Exercise;
  readonly program: LearnerProgram;
  readonly signal?: AbortSignal;
  readonly onProgress?: (event: ServiceProgress) => void;
}

/** The same set-up and teardown as `lab verify` (harness/learner/program-run.ts), for a service contract. */
export async function withProgramRun<T>(options: ProgramRunOptions, use: (run: ProgramRun) => Promise<T>): Promise<T> {
  const { exercise, program, signal } = options;
  const start = program.start;
  const readyPath = exercise.contract.ready?.http;
  if (!start || !readyPath) {
    throw new LabError(`project ${exercise.id} has no long-running program to load (not a service contract)`);
  }
  const base = { exercise, label: 'bench', ...(signal ? { signal } : {}) };
  return withBaseRun(options.onProgress ? { ...base, onProgress: options.onProgress } : base, (run) =>
    use({
      ...run,
      async startInstance(instance, extraEnv = {}) {
        if (signal?.aborted) throw interrupted();
        try {
          return await startLearnerService({
            instance,
            argv: start,
            cwd: program.dir,
            env: { ...run.env, ...extraEnv },
            readyPath,
            pidDir: run.pidDir,
            runDir: run.runDir,
            logFile: join(run.logDir, 'bench.log'),
          });
        } catch (error) {
          if (!(error instanceof LearnerServiceError)) throw error;
          throw new LabError(error.message, {
            kind: 'learnerProgram',
            next: `Start it yourself with the same command and fix what it prints; \`lab verify ${exercise.id}\` shows the contract.`,
          });
        }
      },
    }),
  );
}

export const interrupted = (): LabError =>
  new LabError('interrupted: the bench was stopped and everything it started was torn down', {
    kind: 'interrupted',
  });
