import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { recordFault } from '../faults/fault-ledger.ts';
import { indent } from '../grading/indent.ts';
import { freePort } from './free-port.ts';
import { killProcessGroup } from './run-learner-command.ts';
import { waitForHttp } from './wait-for-http.ts';

/** How to run one instance of a long-running learner program (a `service` contract). */
export interface LearnerServiceOptions {
  /** Names the instance in logs and errors (`a`, `b`, `worker-1`…). */
  readonly instance: string;
  /** The contract's `start` command (after workspace overrides). */
  readonly argv: readonly string[];
  readonly cwd: string;
  /** The contract env; PORT is added (and wins). */
  readonly env: Readonly<Record<string, string>>;
  /** Defaults to a free port on 127.0.0.1. */
  readonly port?: number;
  /** The contract's readiness path, answered 2xx on PORT. */
  readonly readyPath: string;
  readonly readyTimeoutMs?: number;
  /** Between SIGTERM and SIGKILL on stop(). */
  readonly graceMs?: number;
  /** Where the process group id is registered while it runs, so lab's teardown kills it. */
  readonly pidDir: string;
  /** Output is appended here, each line prefixed `[your program] [<instance>]`. */
  readonly logFile?: string;
  /** The run folder: pause/kill faults are recorded in its ledger so teardown can undo them. */
  readonly runDir?: string;
}

/** How an instance ended. */
export interface LearnerExit {
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** A running instance, ready (its ready path answered 2xx). */
export interface StartedLearnerService {
  readonly instance: string;
  /** Pid of the leader, also the process group id. */
  readonly pid: number;
  readonly port: number;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly readyMs: number;
  readonly paused: boolean;
  /** Settles when the instance exits, whoever caused it. */
  readonly exited: Promise<LearnerExit>;
  /** Its last output lines (stdout and stderr, interleaved as they came). */
  output(lines?: number): string;
  /** SIGKILL to the whole process group: no cleanup, no goodbye. */
  kill9(): Promise<StoppedLearnerService>;
  /** SIGSTOP to the whole group: it holds its sockets and answers nothing. */
  pause(): Promise<void>;
  /** SIGCONT to the whole group. */
  resume(): Promise<void>;
  /** SIGTERM, then SIGKILL after the grace period. */
  stop(): Promise<StoppedLearnerService>;
  /** stop() then start again with the same port and env; a new process. */
  restart(): Promise<StartedLearnerService>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** An instance that has exited; it can be started again on the same port. */
export interface StoppedLearnerService extends LearnerExit {
  readonly instance: string;
  readonly port: number;
  output(lines?: number): string;
  start(): Promise<StartedLearnerService>;
}

/** A failure to start or make ready, with the program's last output lines. */
export class LearnerServiceError extends Error {
  constructor(message: string, output: string) {
    super(output ? `${message}\n  last output lines:\n${indent(output)}` : `${message}\n  (it printed nothing)`);
    this.name = 'LearnerServiceError';
  }
}

const KEPT_LINES = 60;

/**
 * Starts one instance of the learner's long-running program in its own process group, registered in
 * pidDir, and waits until its ready path answers 2xx. Several instances may run at once, each with its
 * own port and env.
 */
export async function startLearnerService(options: LearnerServiceOptions): Promise<StartedLearnerService> {
  const port = options.port ?? (await freePort());
  return launch({ ...options, port }, []);
}

async function launch(
  options: LearnerServiceOptions & { port: number },
  kept: string[],
): Promise<StartedLearnerService> {
  const { instance, argv, cwd, pidDir, logFile, port } = options;
  const [file, ...args] = argv;
  if (!file) throw new TypeError('startLearnerService needs a non-empty start command');
  mkdirSync(pidDir, { recursive: true });
  const log = (text: string) => {
    if (logFile) appendFileSync(logFile, text);
  };
  log(`[lab] [${instance}] $ PORT=${port} ${argv.join(' ')}\n`);
  const child = spawn(file, args, {
    cwd,
    env: { ...options.env, PORT: String(port) },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = collectOutput(child, instance, kept, log);
  const exited = new Promise<LearnerExit>((resolve) => {
    child.once('error', (error) => {
      kept.push(`[lab] could not start: ${error.message}`);
      resolve({ exitCode: null, signal: null });
    });
    child.once('exit', (exitCode, signal) => {
      // Children it left in its group die with it; then it no longer needs teardown.
      if (child.pid) killProcessGroup(child.pid, 'SIGKILL');
      if (pidFile) rmSync(pidFile, { force: true });
      log(`[lab] [${instance}] exit ${exitCode ?? signal}\n`);
      resolve({ exitCode, signal });
    });
  });
  const pidFile = child.pid ? join(pidDir, String(child.pid)) : undefined;
  if (pidFile) writeFileSync(pidFile, '');

  const url = `http://127.0.0.1:${port}`;
  const readyTimeoutMs = options.readyTimeoutMs ?? 15_000;
  let readyMs: number;
  try {
    readyMs = await waitForHttp(`${url}${options.readyPath}`, readyTimeoutMs, exited);
  } catch (error) {
    const exit = await Promise.race([exited, Promise.resolve(undefined)]);
    if (!exit && child.pid) {
      killProcessGroup(child.pid, 'SIGKILL');
      await exited;
    }
    const how = exit ? `it exited with ${exit.exitCode ?? exit.signal ?? 'a spawn error'}` : (error as Error).message;
    throw new LearnerServiceError(
      `your program (instance ${instance}, PORT=${port}) was not ready: GET ${options.readyPath} within ${readyTimeoutMs} ms — ${how}\n  command: ${argv.join(' ')}`,
      output(20),
    );
  }
  return started({ ...options, port }, child, { url, readyMs, exited, output, kept });
}

function started(
  options: LearnerServiceOptions & { port: number },
  child: ChildProcess,
  state: { url: string; readyMs: number; exited: Promise<LearnerExit>; output: (n?: number) => string; kept: string[] },
): StartedLearnerService {
  const pid = child.pid ?? 0;
  const graceMs = options.graceMs ?? 2_000;
  let paused = false;
  const fault = (action: 'pause' | 'resume' | 'kill9' | 'stop' | 'restart') => {
    if (options.runDir) recordFault(options.runDir, { kind: 'process', action, instance: options.instance, pid });
  };
  const stopped = (exit: LearnerExit): StoppedLearnerService => ({
    ...exit,
    instance: options.instance,
    port: options.port,
    output: state.output,
    start: () => launch(options, state.kept),
  });
  const stop = async (): Promise<StoppedLearnerService> => {
    killProcessGroup(pid, 'SIGTERM');
    // A paused program cannot handle SIGTERM until it runs again.
    killProcessGroup(pid, 'SIGCONT');
    paused = false;
    const timer = setTimeout(() => killProcessGroup(pid, 'SIGKILL'), graceMs);
    try {
      return stopped(await state.exited);
    } finally {
      clearTimeout(timer);
    }
  };
  return {
    instance: options.instance,
    pid,
    port: options.port,
    url: state.url,
    readyMs: state.readyMs,
    get paused() {
      return paused;
    },
    exited: state.exited,
    output: state.output,
    async kill9() {
      fault('kill9');
      killProcessGroup(pid, 'SIGKILL');
      paused = false;
      return stopped(await state.exited);
    },
    async pause() {
      // Recorded before the signal: if the grader dies now, teardown still resumes it.
      fault('pause');
      killProcessGroup(pid, 'SIGSTOP');
      paused = true;
    },
    async resume() {
      fault('resume');
      killProcessGroup(pid, 'SIGCONT');
      paused = false;
    },
    stop,
    async restart() {
      fault('restart');
      return (await stop()).start();
    },
    async [Symbol.asyncDispose]() {
      await stop();
    },
  };
}

/** Logs output prefixed per line and keeps the last lines in memory for error messages. */
function collectOutput(child: ChildProcess, instance: string, kept: string[], log: (text: string) => void) {
  const partial = { stdout: '', stderr: '' };
  const collect = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
    const lines = (partial[stream] + chunk.toString('utf8')).split('\n');
    partial[stream] = lines.pop() ?? '';
    if (partial[stream].length > 4_096) partial[stream] = partial[stream].slice(0, 4_096);
    for (const line of lines) {
      kept.push(line.length > 240 ? `${line.slice(0, 240)}…` : line);
      log(`[your program] [${instance}] ${line}\n`);
    }
    kept.splice(0, Math.max(0, kept.length - KEPT_LINES));
  };
  child.stdout?.on('data', collect('stdout'));
  child.stderr?.on('data', collect('stderr'));
  return (count = 20) =>
    [...kept, partial.stdout, partial.stderr]
      .filter((line) => line.trim() !== '')
      .slice(-count)
      .join('\n');
}
