/**
 * What grader files use to start long-running instances of the learner's program and to cause faults;
 * re-exported by grader-kit. Every fault is recorded in the run's ledger so lab's teardown undoes it.
 */
import { basename, dirname, join } from 'node:path';
import { expect, inject } from 'vitest';
import type { LabRunContext } from '../grading/run-context.ts';
import { type StartedLearnerService, startLearnerService } from '../learner/start-learner-service.ts';
import type { ServiceName } from '../services/image-catalog.ts';
import type { ServiceInfo } from '../services/started-service.ts';
import { type ContainerFaultResult, containerFault } from './container-faults.ts';
import { recordFault } from './fault-ledger.ts';

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
  /**
   * A named command of the contract to run instead of `start` — a long-running worker or consumer that
   * answers the same ready path on its own PORT (e.g. `worker`, `consumer`).
   */
  readonly command?: string;
}

/**
 * Starts one instance of the learner's long-running program (the contract's `start`) with its own
 * PORT and process group, and waits for its ready path. Call it several times for several instances.
 * Lab's teardown kills every instance still running and resumes any the grader paused.
 */
export async function startInstance(
  name = 'a',
  extraEnv: Readonly<Record<string, string>> = {},
  options: InstanceOptions = {},
): Promise<StartedLearnerService> {
  const ctx = lab();
  const { command, ...instanceOptions } = options;
  return startLearnerService({
    instance: name,
    argv: instanceArgv(ctx, command),
    cwd: ctx.programDir,
    env: { ...ctx.env, ...extraEnv },
    readyPath: ctx.readyPath ?? '/',
    pidDir: ctx.pidDir,
    runDir: runDirOf(ctx),
    logFile: join(ctx.logDir, logName()),
    ...instanceOptions,
  });
}

/** The argv of an instance: the contract's `start`, or one of its named commands. */
function instanceArgv(ctx: LabRunContext, command: string | undefined): readonly string[] {
  if (command === undefined) {
    if (!ctx.start) throw new Error(`project ${ctx.exerciseId} has no \`start\` command: it is not a service contract`);
    return ctx.start;
  }
  const argv = ctx.commands[command];
  if (!argv) {
    const known = Object.keys(ctx.commands).join(', ') || 'none';
    throw new Error(`the contract has no command named "${command}" (known: ${known})`);
  }
  return argv;
}

/** The run folder holds pids/, logs/, work/ and the fault ledger. */
const runDirOf = (ctx: LabRunContext): string => dirname(ctx.pidDir);

/** Extra service containers this grader file started (startServiceInstance), by name. */
const instances = new Map<string, ServiceInfo>();

/** Another container of a service, started by the grader for this run. */
export interface ServiceInstance {
  readonly name: string;
  /** Its URL (Redis: the server; Postgres: this run's fresh database on it). */
  readonly url: string;
  /** What the program would receive for it: REDIS_URL + KEY_PREFIX, or DATABASE_URL. */
  readonly env: Readonly<Record<string, string>>;
}

/**
 * Starts another container of a catalog service for this run — e.g. three independent Redis nodes
 * for Redlock — always as a container (also when the manifest's services are external). It has a
 * fixed host port, the run's labels, and answers to `stopContainer(name)` and the other faults;
 * lab's teardown removes it (it is in the fault ledger before it exists).
 */
export async function startServiceInstance(
  kind: ServiceName,
  name: string,
  options: { readonly startupTimeoutMs?: number } = {},
): Promise<ServiceInstance> {
  const ctx = lab();
  if (ctx.services.some((s) => s.name === name) || instances.has(name)) {
    throw new Error(`this run already has a service named "${name}": give each instance its own name`);
  }
  recordFault(runDirOf(ctx), { kind: 'service-instance', service: name, runId: ctx.runId });
  const { startService } = await import('../services/start-services.ts');
  const started = await startService(kind, {
    runId: ctx.runId,
    // Generous: a grader's extra containers start while the program and other containers run.
    startupTimeoutMs: options.startupTimeoutMs ?? 120_000,
    onProgress: () => {},
    label: name,
  });
  instances.set(name, started.info);
  return { name, url: started.info.url, env: started.env };
}

const serviceNamed = (name: string): ServiceInfo => {
  const services = lab().services;
  const found = services.find((s) => s.name === name) ?? instances.get(name);
  if (!found) {
    const known = [...services.map((s) => s.name), ...instances.keys()];
    throw new Error(`this run has no service "${name}" (it has: ${known.join(', ') || 'none'})`);
  }
  return found;
};

/** `docker stop` of a dependency (SIGTERM, SIGKILL after 2 s); it keeps its host port when started again. */
export const stopContainer = (service: string): Promise<ContainerFaultResult> =>
  containerFault(runDirOf(lab()), serviceNamed(service), 'stop');
/** `docker start` of a stopped dependency; it answers at the same URL as before. */
export const startContainer = (service: string): Promise<ContainerFaultResult> =>
  containerFault(runDirOf(lab()), serviceNamed(service), 'start');
/** `docker pause`: the dependency freezes, its connections stay open and nothing answers. */
export const pauseContainer = (service: string): Promise<ContainerFaultResult> =>
  containerFault(runDirOf(lab()), serviceNamed(service), 'pause');
export const unpauseContainer = (service: string): Promise<ContainerFaultResult> =>
  containerFault(runDirOf(lab()), serviceNamed(service), 'unpause');
/** `docker restart`; it answers at the same URL (lab publishes fixed host ports), so programs can reconnect. */
export const restartContainer = (service: string): Promise<ContainerFaultResult> =>
  containerFault(runDirOf(lab()), serviceNamed(service), 'restart');
