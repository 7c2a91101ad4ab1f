import { relative } from 'node:path';
import { Writable } from 'node:stream';
import { InternalError } from '../errors.ts';
import type { Exercise } from '../manifest/load-exercise.ts';
import { LAB_ROOT } from '../paths.ts';
import type { CriterionReporter } from './criterion-reporter.ts';
import type { LabRunContext } from './run-context.ts';

/**
 * Runs grader files with vitest's Node API: one forked worker per file, two at a time, the run
 * context handed over with `provide`. Returns what vitest itself printed (for internal errors).
 */
export async function runVitest(
  exercise: Exercise,
  files: readonly string[],
  context: LabRunContext,
  reporter: CriterionReporter,
  signal?: AbortSignal,
): Promise<string> {
  const output: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      output.push(String(chunk));
      done();
    },
  });
  // Loaded on demand: vitest and vite are most of lab's start-up time.
  const { createVitest } = await import('vitest/node');
  let vitest: Awaited<ReturnType<typeof createVitest>> | undefined;
  const cancel = () => void vitest?.cancelCurrentRun('keyboard-input');
  signal?.addEventListener('abort', cancel, { once: true });
  try {
    // vitest's logger exits the process on SIGINT/SIGTERM (exit 130, no teardown); lab owns those
    // signals so teardown always runs. Its handlers are refused while it is created: a Ctrl-C during
    // those seconds would otherwise end lab with containers still running.
    vitest = await withoutSignalHandlers(() =>
      createVitest(
        'test',
        {
          root: LAB_ROOT,
          config: false,
          watch: false,
          reporters: [reporter],
          provide: { lab: context },
          // Exactly these files: the project's own grader and, when graded, the common criteria's (harness/common/grader).
          include: files.map((file) => relative(LAB_ROOT, file)),
          testTimeout: exercise.criterionTimeoutMs,
          hookTimeout: exercise.criterionTimeoutMs,
          teardownTimeout: 10_000,
          pool: 'forks',
          maxWorkers: 2,
        },
        {},
        { stdout: sink, stderr: sink },
      ),
    );
    if (!signal?.aborted) await vitest.start();
  } catch (error) {
    throw new InternalError('GRADER_START', `vitest could not run the grader of project ${exercise.id}`, {
      cause: error,
    });
  } finally {
    signal?.removeEventListener('abort', cancel);
    await vitest?.close().catch(() => {});
    // vitest sets a failing exit code for failed tests; lab decides its own exit code.
    process.exitCode = undefined;
  }
  return output.join('').trim().split('\n').slice(-15).join('\n');
}

/** Runs `create` while `process.on/once('SIGINT' | 'SIGTERM', …)` registers nothing. */
async function withoutSignalHandlers<T>(create: () => Promise<T>): Promise<T> {
  const { on, once } = process;
  const refuse = (register: typeof process.on): typeof process.on =>
    function (this: NodeJS.Process, event: string | symbol, listener: (...args: unknown[]) => void) {
      return event === 'SIGINT' || event === 'SIGTERM' ? this : register.call(this, event, listener);
    } as typeof process.on;
  process.on = refuse(on);
  process.once = refuse(once);
  try {
    return await create();
  } finally {
    process.on = on;
    process.once = once;
  }
}
