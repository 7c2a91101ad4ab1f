import { join } from 'node:path';
import { inject } from 'vitest';
import { indent } from '../grading/indent.ts';
import type { CheckName } from '../learner/learner-program.ts';
import { type LearnerCommandResult, runLearnerCommand } from '../learner/run-learner-command.ts';

/**
 * Runs one of the workspace's checks (lab.config.json `checks`, else its npm script) in the
 * program folder, with the environment the program gets plus `extraEnv`. Never throws for a
 * non-zero exit: the criterion decides.
 */
export async function runCheck(
  name: CheckName,
  extraEnv: Readonly<Record<string, string>> = {},
): Promise<LearnerCommandResult> {
  const ctx = inject('lab');
  const argv = ctx.checks[name];
  const result = await runLearnerCommand({
    argv: argv.map((arg) => substituteEnv(arg, { ...ctx.env, ...extraEnv })),
    cwd: ctx.programDir,
    env: { ...ctx.env, ...extraEnv },
    // A whole test suite or type check: the criterion's budget, not one command step's.
    timeoutMs: ctx.criterionTimeoutMs - 10_000,
    pidDir: ctx.pidDir,
    logFile: join(ctx.logDir, `check-${name}.log`),
  });
  if (result.spawnError)
    throw new Error(`could not run your ${name} command \`${argv.join(' ')}\`: ${result.spawnError}`);
  return result;
}

/** `${NAME}` → the value of NAME; unknown names are left as they are. */
export const substituteEnv = (text: string, env: Readonly<Record<string, string>>): string =>
  text.replace(/\$\{([A-Z][A-Z0-9_]*)\}|\$([A-Z][A-Z0-9_]*)/g, (whole, braced, bare) => env[braced ?? bare] ?? whole);

/** What a failed check printed, for the learner: the command, its exit and its last lines. */
export function checkFailure(name: CheckName, result: LearnerCommandResult): string {
  const how = result.timedOut ? 'did not finish in time' : `exited with ${result.exitCode ?? result.signal}`;
  const output = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-25).join('\n');
  return `your ${name} command \`${result.argv.join(' ')}\` ${how}${output ? `:\n${indent(output)}` : ''}`;
}
