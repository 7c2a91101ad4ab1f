import { relative } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { Command } from 'commander';
import { z } from 'zod';
import { LabError } from '../harness/errors.ts';
import { assertStarted, resetProject } from '../harness/learner/reset-project.ts';
import { type Exercise, findExercise } from '../harness/manifest/load-exercise.ts';
import { handleError } from './handle-error.ts';

const optionsSchema = z.object({ yes: z.boolean().optional(), json: z.boolean().optional() });

export const resetCommand = new Command('reset')
  .summary('restore the starter of a project (your copy is moved aside)')
  .argument('<project>', 'project number or slug')
  .option('-y, --yes', 'do not ask for confirmation (needed when stdin is not a terminal)')
  .option('--json', 'print what was done as JSON')
  .addHelpText(
    'after',
    '\nExamples:\n  lab reset 25          asks, then starts project 25 over\n  lab reset 25 --yes    no question (scripts, CI)\n\nYour previous copy is kept next to it as NN-slug.backup-<time>.',
  )
  .action(async (project: string, raw: unknown) => {
    const options = optionsSchema.parse(raw);
    try {
      const exercise = findExercise(project);
      if (!options.yes && !(await confirm(exercise))) {
        if (options.json) console.log(JSON.stringify({ exercise: exercise.id, reset: false }));
        else console.log('Nothing changed.');
        return;
      }
      const reset = resetProject(exercise);
      if (options.json) {
        console.log(JSON.stringify({ exercise: exercise.id, reset: true, ...reset }));
        return;
      }
      console.log(`Reset project ${exercise.id} · ${exercise.title}: ${relative(process.cwd(), reset.dir) || '.'}`);
      if (reset.backup) console.log(`Your previous copy is in ${reset.backup}`);
      console.log(`Next: build it, then run \`lab verify ${exercise.id}\``);
    } catch (error) {
      process.exitCode = handleError(error, options);
    }
  });

/** Asks on a terminal; refuses to guess when nobody can answer. */
async function confirm(exercise: Exercise): Promise<boolean> {
  const dir = assertStarted(exercise);
  if (!process.stdin.isTTY) {
    throw new LabError(`lab reset ${exercise.id} needs a confirmation and stdin is not a terminal`, {
      next: `Pass --yes: \`lab reset ${exercise.id} --yes\` (your copy ${dir} is moved aside, not deleted).`,
    });
  }
  // The question goes to stderr so that --json keeps stdout to one document.
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(
      `Restore the starter of project ${exercise.id}? ${dir} will be moved aside. [y/N] `,
    );
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}
