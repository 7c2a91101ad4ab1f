/**
 * What grader files use to start long-running instances of the learner's program and to cause faults;
 * re-exported by grader-kit. Every fault is recorded in the run's ledger so lab's teardown undoes it.
 */
import { basename, dirname, join } from 'node:path';
import { expect, inject } from 'vitest';
import type { LabRunContext } from '../grading/run-context.ts';
import { type StartedLearnerService, startLearnerService } from '../learner/start-learner-service.ts';
import type { ServiceInfo } from '../services/started-service.ts';
import { type ContainerFaultResult, containerFault } from './container-faults.ts';

export type { StartedLearnerService, StoppedLearnerService } from '../learner/start-learner-service.ts';
export type { ContainerFaultResult } from './container-faults.ts';

const lab = (): LabRunContext => inject('lab');

/** The criterion log of the running grader file (`r2-….test.ts` → `R2.log`), where failures read learner output. */
const logName = (): string => {
  const file = expect.getState().testPath;
  return file ? `${basename(file).slice(0, 2).toUpperCase()}.log` : 'grader.log';
};

/** How one instance of a `service` program is started; PORT is always its own. */
export interface InstanceOptions {
  /** Defaults to a free port. */
  readonly port?: number;
  readonly readyTimeoutMs?: number;
  /** Between SIGTERM and SIGKILL on stop()/restart(). */
  readonly graceMs?: number;
}

/**
 * Starts one instance of the learner's long-running program (the contract's `start`) with its own
 * PORT and process group, and waits for its ready path. Call it several times for several instances.
 * Lab's teardown kills every instance still running and resumes any the grader paused.
 */
export function startInstance(
  name = 'a',
  extraEnv: Readonly<Record<string, string>> = {},
  options: InstanceOptions = {},
): Promise<StartedLearnerService> {
  const ctx = lab();
  if (!ctx.start) throw new Error(`project ${ctx.exerciseId} has no \`start\` command: it is not a service contract`);
  return startLearnerService({
    instance: name,
    argv: ctx.start,
    cwd: ctx.programDir,
    env: { ...ctx.env, ...extraEnv },
    readyPath: ctx.readyPath ?? '/',
    pidDir: ctx.pidDir,
    runDir: runDirOf(ctx),
    logFile: join(ctx.logDir, logName()),
    ...options,
  });
}

/** The run folder holds pids/, logs/, work/ and the fault ledger. */
const runDirOf = (ctx: LabRunContext): string => dirname(ctx.pidDir);

const serviceNamed = (name: string): ServiceInfo => {
  const services = lab().services;
  const found = services.find((s) => s.name === name);
  if (!found) {
    throw new Error(`this run has no service "${name}" (it has: ${services.map((s) => s.name).join(', ') || 'none'})`);
  }
  return found;
};

/** `docker stop` of a dependency (SIGTERM, SIGKILL after 2 s). Docker gives it a new host port when it starts again. */
export const stopContainer = (service: string): Promise<ContainerFaultResult> =>
  containerFault(runDirOf(lab()), serviceNamed(service), 'stop');
/** `docker start` of a stopped dependency; `url` is its new address. */
export const startContainer = (service: string): Promise<ContainerFaultResult> =>
  containerFault(runDirOf(lab()), serviceNamed(service), 'start');
/** `docker pause`: the dependency freezes, its connections stay open and nothing answers. */
export const pauseContainer = (service: string): Promise<ContainerFaultResult> =>
  containerFault(runDirOf(lab()), serviceNamed(service), 'pause');
export const unpauseContainer = (service: string): Promise<ContainerFaultResult> =>
  containerFault(runDirOf(lab()), serviceNamed(service), 'unpause');
/** `docker restart`; `url` is its new address (the learner's env still has the old one). */
export const restartContainer = (service: string): Promise<ContainerFaultResult> =>
  containerFault(runDirOf(lab()), serviceNamed(service), 'restart');
