import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What one invocation of a learner command produced. */
export interface LearnerCommandResult {
  readonly argv: readonly string[];
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly durationMs: number;
  readonly timedOut: boolean;
  /** The executable could not be started at all (ENOENT, EACCES…). */
  readonly spawnError?: string;
}

export interface RunLearnerOptions {
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  /** Folder where the process group id is registered while it runs, so teardown can kill it. */
  readonly pidDir: string;
  /** File the program's output is appended to, each line prefixed `[your program]`. */
  readonly logFile?: string;
  /** Bytes of stdout/stderr kept in memory; the rest is dropped (a flooding program cannot exhaust memory). */
  readonly maxBufferBytes?: number;
  readonly graceMs?: number;
}

const DEFAULT_MAX_BUFFER = 32 * 1024 * 1024;

/**
 * Runs one learner command in its own process group, with only the contract's env,
 * a hard timeout (SIGTERM, then SIGKILL after a grace period) and captured output.
 */
export function runLearnerCommand(options: RunLearnerOptions): Promise<LearnerCommandResult> {
  const { argv, cwd, env, timeoutMs, pidDir, logFile } = options;
  const maxBuffer = options.maxBufferBytes ?? DEFAULT_MAX_BUFFER;
  const graceMs = options.graceMs ?? 2_000;
  const started = performance.now();
  const [file, ...args] = argv;
  if (!file) throw new TypeError('runLearnerCommand needs a non-empty argv');
  mkdirSync(pidDir, { recursive: true });
  if (logFile) appendFileSync(logFile, `[lab] $ ${argv.join(' ')}\n`);

  return new Promise((resolve) => {
    const child = spawn(file, args, { cwd, env: { ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const pidFile = child.pid ? join(pidDir, String(child.pid)) : undefined;
    if (pidFile) writeFileSync(pidFile, '');
    const out = { stdout: '', stderr: '' };
    let timedOut = false;
    let spawnError: string | undefined;
    const collect = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      if (out[stream].length < maxBuffer) out[stream] += text.slice(0, maxBuffer - out[stream].length);
      if (logFile) appendFileSync(logFile, prefixLines(text));
    };
    child.stdout.on('data', collect('stdout'));
    child.stderr.on('data', collect('stderr'));

    const killGroup = (signal: NodeJS.Signals) => {
      if (child.pid) killProcessGroup(child.pid, signal);
    };
    let killTimer: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup('SIGTERM');
      killTimer = setTimeout(() => killGroup('SIGKILL'), graceMs);
    }, timeoutMs);

    child.on('error', (error) => {
      spawnError = error.message;
    });
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer);
      clearTimeout(killTimer);
      // Children the program left behind in its group die with it.
      killGroup('SIGKILL');
      if (pidFile) rmSync(pidFile, { force: true });
      const durationMs = Math.round(performance.now() - started);
      if (logFile) appendFileSync(logFile, `[lab] exit ${exitCode ?? signal} after ${durationMs} ms\n`);
      resolve({ argv, exitCode, signal, ...out, durationMs, timedOut, ...(spawnError ? { spawnError } : {}) });
    });
  });
}

/** Kills a whole process group; a group that is already gone is not an error. */
export function killProcessGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

const prefixLines = (text: string): string =>
  text
    .split('\n')
    .map((line, index, lines) => (index === lines.length - 1 && line === '' ? '' : `[your program] ${line}\n`))
    .join('');
