import { relative } from 'node:path';
import { Command } from 'commander';
import { missingDependencies } from '../harness/learner/check-dependencies.ts';
import { startProject } from '../harness/learner/start-project.ts';
import { findExercise } from '../harness/manifest/load-exercise.ts';
import { handleError } from './handle-error.ts';

export const startCommand = new Command('start')
  .summary('scaffold a project into your workspace')
  .argument('<project>', 'project number or slug')
  .option('--dir <path>', 'where to put it (default: workspace/NN-slug)')
  .option('--force', 'replace an existing copy (the old one is moved aside, not deleted)')
  .option('--json', 'print what was done as JSON')
  .addHelpText('after', '\nExamples:\n  lab start 25\n  lab start data-lake --dir ~/code/lake')
  .action((project: string, options: { dir?: string; force?: boolean; json?: boolean }) => {
    try {
      const exercise = findExercise(project);
      const started = startProject(exercise, options);
      if (options.json) {
        console.log(JSON.stringify({ exercise: exercise.id, ...started }));
        return;
      }
      const where = relative(process.cwd(), started.dir) || '.';
      const verify = options.dir ? `lab verify ${exercise.id} --dir ${where}` : `lab verify ${exercise.id}`;
      console.log(`Started project ${exercise.id} · ${exercise.title} in ${where}`);
      if (started.backup) console.log(`Your previous copy is in ${started.backup}`);
      const missing = missingDependencies(started.dir);
      if (missing.length > 0)
        console.log(`This folder is outside lab: run \`npm install\` in it first (${missing.join(', ')}).`);
      console.log(`\n${exercise.summary}\n`);
      for (const c of exercise.criteria) console.log(`  ${c.id} ${c.title} (${c.kind}, difficulty ${c.difficulty})`);
      console.log(`\nThe contract and how it is graded: ${relative(process.cwd(), exercise.dir)}/README.md`);
      console.log(`Next: build it, then run \`${verify}\` (stuck? \`lab hint ${exercise.id}\`)`);
      console.log(
        `      or keep \`${verify.replace('lab verify', 'lab watch')}\` open: it grades again on every save.`,
      );
    } catch (error) {
      process.exitCode = handleError(error, options);
    }
  });
