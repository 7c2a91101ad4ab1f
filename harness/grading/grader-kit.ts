/**
 * The only module grader files import from lab. Graders are black-box: they reach the learner's
 * program through `invoke()` / `invokeJson()` (its contract commands, its env) and never import its code.
 */
import { join } from 'node:path';
import { describe, inject } from 'vitest';
import { type LearnerCommandResult, runLearnerCommand } from '../learner/run-learner-command.ts';
import type { CriterionId } from '../manifest/exercise-schema.ts';
import { indent } from './indent.ts';
import { CRITERION_META_KEY, type LabRunContext } from './run-context.ts';
import { tailLines } from './tail-lines.ts';

export type { LearnerCommandResult } from '../learner/run-learner-command.ts';
export type { LabRunContext } from './run-context.ts';

declare module 'vitest' {
  interface TaskMeta {
    labCriterion?: CriterionId;
  }
}

let fileCriterion: CriterionId | undefined;

/**
 * Declares the tests of one criterion. One grader file grades exactly one criterion, so a file
 * that fails to load, crashes or times out is charged to that criterion and to no other.
 */
export function criterion(id: CriterionId, title: string, body: () => void): void {
  if (fileCriterion && fileCriterion !== id) {
    throw new Error(`a grader file grades one criterion: this one already declared ${fileCriterion}, not ${id}`);
  }
  fileCriterion = id;
  describe(`${id} ${title}`, { meta: { [CRITERION_META_KEY]: id } }, body);
}

/** The run's context: folders, commands and env of the learner's program. */
export const lab = (): LabRunContext => inject('lab');

/** A learner command that failed, with the facts a learner needs to act on it. */
export class LearnerCommandError extends Error {
  constructor(
    readonly result: LearnerCommandResult,
    reason: string,
  ) {
    super(`${reason}\n  command: ${result.argv.join(' ')}${describeOutput(result)}`);
    this.name = 'LearnerCommandError';
  }
}

const describeOutput = (result: LearnerCommandResult): string => {
  const stderr = tailLines(result.stderr, 12);
  const stdout = tailLines(result.stdout, 6);
  return [
    stdout && `\n  stdout (last lines):\n${indent(stdout)}`,
    stderr && `\n  stderr (last lines):\n${indent(stderr)}`,
  ]
    .filter(Boolean)
    .join('');
};

export interface InvokeOptions {
  readonly timeoutMs?: number;
  /** Extra env for this call only (on top of the contract env). */
  readonly env?: Readonly<Record<string, string>>;
}

/** Runs the named contract command with extra arguments; never throws for a non-zero exit. */
export async function invoke(
  command: string,
  args: readonly string[],
  options: InvokeOptions = {},
): Promise<LearnerCommandResult> {
  const ctx = lab();
  const base = ctx.commands[command];
  if (!base)
    throw new Error(`the contract has no command named "${command}" (known: ${Object.keys(ctx.commands).join(', ')})`);
  const result = await runLearnerCommand({
    argv: [...base, ...args],
    cwd: ctx.programDir,
    env: { ...ctx.env, ...options.env },
    timeoutMs: options.timeoutMs ?? ctx.stepTimeoutMs,
    pidDir: ctx.pidDir,
    logFile: join(ctx.logDir, `${fileCriterion ?? 'grader'}.log`),
  });
  if (result.spawnError) throw new LearnerCommandError(result, `could not start your program: ${result.spawnError}`);
  return result;
}

/**
 * Runs the named command and parses the one JSON document it must print on stdout.
 * Throws a LearnerCommandError on timeout, non-zero exit or output that is not JSON.
 */
export async function invokeJson<T = unknown>(
  command: string,
  args: readonly string[],
  options: InvokeOptions = {},
): Promise<T> {
  const result = await invoke(command, args, options);
  if (result.timedOut) {
    throw new LearnerCommandError(
      result,
      `your program did not finish within ${options.timeoutMs ?? lab().stepTimeoutMs} ms`,
    );
  }
  if (result.exitCode !== 0) {
    throw new LearnerCommandError(result, `your program exited with ${result.exitCode ?? result.signal} (expected 0)`);
  }
  try {
    return JSON.parse(result.stdout) as T;
  } catch {
    throw new LearnerCommandError(result, 'your program must print exactly one JSON document on stdout');
  }
}

// Long-running instances of the learner's program, and faults (issue 3).
export * from '../faults/grader-faults.ts';
/** Latency, timeouts, resets, bandwidth limits and cuts on a dependency behind Toxiproxy (issue 4). */
export {
  type CriterionToxiproxyLink,
  criterionToxiproxy,
  type Toxic,
  type ToxicOptions,
  type ToxicStream,
  type ToxiproxyLink,
  toxiproxy,
} from '../faults/toxiproxy-faults.ts';
/** A free port below the ephemeral range, for a program the grader starts itself (PORT of a client app…). */
export { freePort } from '../learner/free-port.ts';
/** A primary and a real streaming replica for this run (projects 21, 19), with replay pause and lag. */
export { type PostgresNode, type ReplicatedPostgres, startReplicatedPostgres } from '../services/postgres-replica.ts';
export { type FreshDatabase, freshDatabase } from './fresh-database.ts';
export { sql } from './grader-sql.ts';
/** An HTTP client of one instance that remembers what it sent, for failure messages that teach. */
export { type Exchange, GraderHttpClient, type RequestOptions } from './http-client.ts';
export { parsePrometheusText, type Scrape, sumScrapes } from './prometheus-text.ts';
export { Timeline } from './timeline.ts';
export { sleep, waitUntil } from './wait-until.ts';
