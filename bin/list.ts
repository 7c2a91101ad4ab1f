import { Command } from 'commander';
import { collectProjects } from '../harness/manifest/list-projects.ts';
import { handleError } from './handle-error.ts';

export const listCommand = new Command('list')
  .summary('list the 25 projects and your progress')
  .option('--json', 'print the list as JSON')
  .addHelpText('after', "\nExamples:\n  lab list\n  lab list --json | jq '.projects[] | select(.graded)'")
  .action((options: { json?: boolean }) => {
    try {
      const projects = collectProjects();
      if (options.json) {
        console.log(JSON.stringify({ projects }, null, 2));
        return;
      }
      console.log(' #  project                                  criteria  graded  you');
      for (const p of projects) {
        const criteria = `${p.required}R+${p.bonus}B`;
        console.log(
          `${String(p.id).padStart(2)}  ${`${p.slug} · ${p.title}`.slice(0, 40).padEnd(40)} ${criteria.padEnd(9)} ${(p.graded ? 'yes' : 'not yet').padEnd(7)} ${p.status}`,
        );
      }
      const graded = projects.filter((p) => p.graded).length;
      console.log(`\n${graded} of ${projects.length} projects graded so far. Start one: lab start <number>`);
    } catch (error) {
      process.exitCode = handleError(error, options);
    }
  });
