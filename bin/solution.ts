import { relative } from 'node:path';
import { Command } from 'commander';
import { z } from 'zod';
import { revealSolution } from '../harness/learner/reveal-solution.ts';
import { findExercise } from '../harness/manifest/load-exercise.ts';
import { handleError } from './handle-error.ts';

const optionsSchema = z.object({ list: z.boolean().optional(), json: z.boolean().optional() });

export const solutionCommand = new Command('solution')
  .summary('show the reference solution, once your program passes')
  .description(
    'Prints the reference solution of a project, once your last `lab verify` passed every required criterion.',
  )
  .argument('<project>', 'project number or slug')
  .option('--list', 'print only the paths of its files')
  .option('--json', 'print the files as JSON')
  .addHelpText('after', '\nExamples:\n  lab solution 25\n  lab solution 25 --list')
  .action((project: string, raw: unknown) => {
    const options = optionsSchema.parse(raw);
    try {
      const view = revealSolution(findExercise(project));
      if (options.json) {
        const files = options.list ? view.files.map((f) => ({ path: f.path })) : view.files;
        console.log(JSON.stringify({ ...view, files }, null, 2));
        return;
      }
      if (options.list) {
        for (const file of view.files) console.log(file.path);
        return;
      }
      console.log(
        `Reference solution of project ${view.exercise} · ${view.title} (${relative(process.cwd(), view.dir)})`,
      );
      for (const file of view.files) {
        console.log(`\n==> ${file.path} <==`);
        process.stdout.write(file.content.endsWith('\n') ? file.content : `${file.content}\n`);
      }
    } catch (error) {
      process.exitCode = handleError(error, options);
    }
  });
