import { relative } from 'node:path';
import { Command } from 'commander';
import { z } from 'zod';
import { EXIT, LabError } from '../harness/errors.ts';
import { assertGraded } from '../harness/grading/run-grader.ts';
import { assertDependenciesInstalled } from '../harness/learner/check-dependencies.ts';
import { resolveProgram } from '../harness/learner/learner-program.ts';
import { findExercise } from '../harness/manifest/load-exercise.ts';
import { DEFAULT_DEBOUNCE_MS } from '../harness/watch/debounce-changes.ts';
import { withInterrupts } from '../harness/with-interrupts.ts';
import { handleError } from './handle-error.ts';

const optionsSchema = z.object({
  solution: z.boolean().optional(),
  dir: z.string().optional(),
  poll: z.boolean().optional(),
  debounce: z.coerce.number().int().min(0).max(60_000).optional(),
});
type WatchOptions = z.infer<typeof optionsSchema>;

export const watchCommand = new Command('watch')
  .summary('grade your program again each time you save')
  .description(
    'Grades your program once, then again whenever one of its files changes, with the live view between runs. ' +
      'Keys: r re-run · h hint · l list criteria · q quit.',
  )
  .argument('<project>', 'project number or slug, e.g. 25 or data-lake')
  .option('--solution', 'watch the reference solution instead of your workspace')
  .option('--dir <path>', 'watch the program in this folder')
  .option('--poll', 'look for changes every 500 ms instead of using file events (network or container mounts)')
  .option('--debounce <ms>', `quiet time after a change before re-running (default ${DEFAULT_DEBOUNCE_MS})`)
  .addHelpText(
    'after',
    `
Examples:
  lab watch 25                 re-grade workspace/25-data-lake on every save
  lab watch 25 --poll          when saves go unnoticed (shared folders, some VMs); or LAB_WATCH_POLL=1
  lab watch 25 --dir ~/lake    watch another folder

A save during a run cancels that run and starts a new one. Ignored: node_modules, .lab, .git,
dist, build, coverage and editor swap files. Needs a terminal; in scripts and CI use \`lab verify\`.
Exit codes: 0 quit with q · 130 Ctrl-C · 2 bad input · 4 environment problem`,
  )
  .action(async (project: string, raw: unknown) => {
    try {
      const parsed = optionsSchema.safeParse(raw);
      if (!parsed.success) {
        throw new LabError(`--debounce ${(raw as { debounce?: string }).debounce}: not a number of milliseconds`, {
          next: 'Give a whole number from 0 to 60000, e.g. --debounce 500.',
        });
      }
      process.exitCode = await watch(project, parsed.data);
    } catch (error) {
      process.exitCode = handleError(error);
    }
  });

async function watch(project: string, options: WatchOptions): Promise<number> {
  const exercise = findExercise(project);
  assertGraded(exercise);
  const program = resolveProgram(exercise, options);
  assertDependenciesInstalled(program.dir);
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new LabError('lab watch needs an interactive terminal: it reads the keys r, h, l and q, and redraws', {
      next: `Run it in a terminal; in scripts and CI use \`lab verify ${exercise.id}\` (the same grading, once).`,
    });
  }
  // Loaded on demand, like the live view of `lab verify`: ink and React weigh on every command's start-up.
  const { runWatch } = await import('../harness/watch/run-watch.tsx');
  const shown = relative(process.cwd(), program.dir) || '.';
  const end = await withInterrupts((signal) =>
    runWatch({
      exercise,
      program,
      dir: shown.startsWith('..') ? program.dir : shown,
      poll: options.poll || process.env.LAB_WATCH_POLL === '1',
      debounceMs: options.debounce ?? DEFAULT_DEBOUNCE_MS,
      signal,
    }),
  );
  if (end === 'interrupt') {
    throw new LabError('interrupted: the watch stopped and everything it started was torn down', {
      kind: 'interrupted',
    });
  }
  return EXIT.ok;
}
