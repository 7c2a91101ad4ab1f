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
      console.log(` #  ${'project'.padEnd(44)} graded   ${'points'.padEnd(7)} you`);
      for (const p of projects) {
        const mine = p.progress
          ? `${p.status}: R ${p.progress.requiredPassed}/${p.required}${p.common ? `, C ${p.progress.commonPassed}/${p.common}` : ''}, B ${p.progress.bonusPassed}/${p.bonus}, ${p.progress.points} pts`
          : p.status;
        console.log(
          `${String(p.id).padStart(2)}  ${p.title.slice(0, 44).padEnd(44)} ${(p.graded ? 'yes' : 'not yet').padEnd(8)} ${String(p.maxPoints).padEnd(7)} ${mine}`,
        );
      }
      const earned = projects.reduce((sum, p) => sum + (p.progress?.points ?? 0), 0);
      const possible = projects.reduce((sum, p) => sum + p.maxPoints, 0);
      console.log(`\nYour points: ${earned} of ${possible}.`);
      const graded = projects.filter((p) => p.graded).length;
      console.log(`\n${graded} of ${projects.length} projects graded so far. Start one: lab start <number>`);
    } catch (error) {
      process.exitCode = handleError(error, options);
    }
  });
