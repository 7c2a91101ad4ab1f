import { Command } from 'commander';
import { nextHint } from '../harness/learner/next-hint.ts';
import { findExercise } from '../harness/manifest/load-exercise.ts';
import { handleError } from './handle-error.ts';

export const hintCommand = new Command('hint')
  .summary('show one more hint for a criterion')
  .argument('<project>', 'project number or slug')
  .argument('[criterion]', 'criterion id, e.g. R2 (default: the first that failed in your last verify)')
  .option('--all', 'show every hint of the criterion at once')
  .option('--json', 'print the hints as JSON')
  .addHelpText(
    'after',
    '\nExamples:\n  lab hint 25        next hint for what failed last\n  lab hint 25 R2     next hint for R2',
  )
  .action((project: string, criterion: string | undefined, options: { all?: boolean; json?: boolean }) => {
    try {
      const view = nextHint(findExercise(project), criterion, options);
      if (options.json) {
        console.log(JSON.stringify(view, null, 2));
        return;
      }
      console.log(`${view.criterion} ${view.title} — hint ${view.hints.length} of ${view.total}`);
      for (const [index, hint] of view.hints.entries()) console.log(`\n${index + 1}. ${hint}`);
      if (view.hints.length < view.total)
        console.log(`\nAsk again for the next one: lab hint ${view.exercise} ${view.criterion}`);
    } catch (error) {
      process.exitCode = handleError(error, options);
    }
  });
