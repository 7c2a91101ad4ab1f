import { writeFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { z } from 'zod';
import { EXIT, LabError } from '../harness/errors.ts';
import { findExercise, isGraded, loadCurriculum } from '../harness/manifest/load-exercise.ts';
import { type SelftestResult, selftestExercise } from '../harness/selftest/run-selftest.ts';
import { selftestInLanes } from '../harness/selftest/selftest-lanes.ts';
import { withInterrupts } from '../harness/with-interrupts.ts';
import { handleError } from './handle-error.ts';

const optionsSchema = z.object({
  json: z.boolean().optional(),
  strict: z.boolean().optional(),
  repeat: z.coerce.number().int().min(1).max(20).default(1),
  jobs: z.coerce.number().int().min(1).max(8).default(1),
  resultFile: z.string().optional(),
});

export const selftestCommand = new Command('selftest')
  .summary('prove the graders: solution passes, starter fails, mutants are caught')
  .argument('[projects...]', 'project numbers or slugs (default: every graded project)')
  .option('--repeat <k>', 'grade the reference solution k times in a row (flake check)', '1')
  .option('--strict', 'grade every criterion of each mutant: only its target may fail (slower)')
  .option('--jobs <n>', 'grade n projects at once, each in a process of its own (output lines prefixed [N])', '1')
  .option('--json', 'print one JSON document: { results: [...] }')
  // Internal: how a `--jobs` child hands its result to the parent.
  .addOption(new Option('--result-file <path>').hideHelp())
  .addHelpText(
    'after',
    '\nExamples:\n  lab selftest 25 --repeat 3\n  lab selftest 25 --strict      mutants must fail only their own criterion\n  lab selftest --jobs 2         two projects at a time (what CI runs)\n  lab selftest --json > selftest.json',
  )
  .action(async (projects: string[], raw: unknown) => {
    const options = optionsSchema.parse(raw);
    try {
      const curriculum = loadCurriculum();
      const exercises = projects.length
        ? projects.map((p) => findExercise(p, curriculum))
        : curriculum.filter(isGraded);
      const ungraded = exercises.find((e) => !isGraded(e));
      if (ungraded)
        throw new LabError(`project ${ungraded.id} has no grader yet: nothing to selftest`, {
          next: '`lab list` shows the graded projects.',
        });
      const results: SelftestResult[] = await withInterrupts(async (signal) => {
        if (options.jobs > 1 && exercises.length > 1) {
          return selftestInLanes(
            exercises.map((e) => e.id),
            {
              jobs: options.jobs,
              repeat: options.repeat,
              strict: options.strict,
              signal,
              ...(options.json ? {} : { onLine: (line: string) => console.log(line) }),
            },
          );
        }
        const done: SelftestResult[] = [];
        for (const exercise of exercises) {
          if (!options.json) console.log(`selftest ${exercise.id} · ${exercise.title}`);
          done.push(
            await selftestExercise(exercise, {
              repeat: options.repeat,
              strict: options.strict,
              signal,
              onEvent: (event) =>
                !options.json && event.ok !== undefined && console.log(`  ${event.ok ? '✓' : '✗'} ${event.step}`),
            }),
          );
        }
        return done;
      });
      if (options.resultFile) writeFileSync(options.resultFile, JSON.stringify({ results }));
      if (options.json) console.log(JSON.stringify({ results }, null, 2));
      else if (!options.resultFile) {
        // A `--jobs` child leaves the summary to its parent, which prints every project's together.
        for (const r of results) printSummary(r);
        const ok = results.filter((r) => r.ok).length;
        console.log(`\nselftest: ${ok} passed, ${results.length - ok} failed`);
      }
      process.exitCode = results.every((r) => r.ok) ? EXIT.ok : EXIT.criteriaFailed;
    } catch (error) {
      process.exitCode = handleError(error, options);
    }
  });

function printSummary(result: SelftestResult): void {
  const caught = result.mutants.filter((m) => m.caught).length;
  console.log(
    `\nproject ${result.exercise}: ${result.ok ? 'OK' : 'FAILED'} — solution ${result.solution.runs.length}× ${result.solution.ok ? 'passed' : 'did not pass'}, starter ${result.starter.ok ? 'fails' : 'does not fail'} the required criteria, ${caught}/${result.mutants.length} mutants caught, ${(result.durationMs / 1000).toFixed(1)} s`,
  );
  for (const problem of result.problems) console.log(`  - ${problem}`);
}
