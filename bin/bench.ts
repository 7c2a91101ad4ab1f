import { join } from 'node:path';
import { Command } from 'commander';
import { z } from 'zod';
import { keptBenches, saveBench, withComparison } from '../harness/bench/bench-history.ts';
import type { BenchManifest } from '../harness/bench/bench-manifest.ts';
import { formatBenchReport } from '../harness/bench/format-bench.ts';
import { type BenchEvent, benchProgram } from '../harness/bench/run-bench.ts';
import { EXIT, LabError } from '../harness/errors.ts';
import { assertDependenciesInstalled } from '../harness/learner/check-dependencies.ts';
import { resolveProgram } from '../harness/learner/learner-program.ts';
import { type Exercise, findExercise, loadCurriculum } from '../harness/manifest/load-exercise.ts';
import { formatServiceProgress, isServiceProgress } from '../harness/reporters/format-plain.ts';
import { writeHtmlReport } from '../harness/reporters/write-html-report.ts';
import { withInterrupts } from '../harness/with-interrupts.ts';
import { handleError } from './handle-error.ts';

const optionsSchema = z.object({
  solution: z.boolean().optional(),
  dir: z.string().optional(),
  scenario: z.string().optional(),
  json: z.boolean().optional(),
  compare: z.boolean().optional(),
  duration: z.string().optional(),
});
type BenchOptions = z.infer<typeof optionsSchema>;

export const benchCommand = new Command('bench')
  .summary('load-test your program against the project’s thresholds')
  .description(
    'Starts what the project needs and your program exactly as `lab verify` does, then loads it with autocannon ' +
      'and checks latency, throughput and error thresholds.',
  )
  .argument('<project>', 'project number or slug, e.g. 1 or production-api')
  .option('--solution', 'bench the reference solution instead of your workspace')
  .option('--dir <path>', 'bench the program in this folder')
  .option('--scenario <name>', 'run only this scenario')
  .option('--json', 'print exactly one JSON document (the result) on stdout')
  .option('--compare', 'show each metric’s change against the previous run kept in .lab/bench/')
  .option('--duration <seconds>', 'measure for this many seconds instead of the scenario’s duration')
  .addHelpText(
    'after',
    `
Examples:
  lab bench 1                     bench workspace/01-production-api
  lab bench 1 --compare           and show the change against the previous run
  lab bench 1 --solution --json   the reference solution, machine-readable

Results are kept in <program>/.lab/bench/ (a timestamped file and latest.json).
Exit codes: 0 every threshold holds · 1 a threshold is breached · 2 bad input or no bench scenario ·
3 your program could not start or crashed · 4 environment problem (Docker, ports) · 130 interrupted`,
  )
  .action(async (project: string, raw: unknown) => {
    const options = optionsSchema.parse(raw);
    try {
      process.exitCode = await bench(project, options);
    } catch (error) {
      process.exitCode = handleError(error, { json: options.json });
    }
  });

async function bench(project: string, options: BenchOptions): Promise<number> {
  const exercise = withBench(findExercise(project));
  const scenarios = options.scenario
    ? exercise.bench.scenarios.filter((s) => s.name === options.scenario)
    : exercise.bench.scenarios;
  if (scenarios.length === 0) {
    throw new LabError(`--scenario ${options.scenario}: project ${exercise.id} has no such bench scenario`, {
      next: `Its scenarios are ${exercise.bench.scenarios.map((s) => s.name).join(', ')}.`,
    });
  }
  const durationSeconds = parseDuration(options.duration);
  const program = resolveProgram(exercise, options);
  assertDependenciesInstalled(program.dir);
  const progress = process.stderr.isTTY && !options.json ? ttyProgress() : undefined;
  const history = options.compare ? keptBenches(program.dir) : [];
  let result = await withInterrupts((signal) =>
    benchProgram({
      exercise,
      program,
      scenarios,
      ...(durationSeconds ? { durationSeconds } : {}),
      signal,
      ...(progress ? { onEvent: progress.onEvent } : {}),
    }),
  ).finally(() => progress?.clear());
  if (options.compare) result = withComparison(result, history);
  const file = saveBench(program.dir, result);
  const report = writeHtmlReport(join(program.dir, '.lab', 'bench-report.html'), {
    title: `lab bench ${exercise.id}`,
    results: [],
    bench: result,
  });
  if (options.json) console.log(JSON.stringify(result, null, 2));
  else {
    console.log(formatBenchReport(result));
    const uncompared = result.scenarios.filter((s) => !s.comparison).map((s) => s.name);
    if (options.compare && uncompared.length > 0) {
      console.log(`(no previous run of ${uncompared.join(', ')} to compare with; this one is kept for next time)`);
    }
    console.log(`kept in ${file}`);
    console.log(`Report: ${report}`);
  }
  return result.passed ? EXIT.ok : EXIT.criteriaFailed;
}

/** A project without bench scenarios is a usage error that names the projects that have some. */
function withBench(exercise: Exercise): Exercise & { bench: BenchManifest } {
  if (exercise.bench) return exercise as Exercise & { bench: BenchManifest };
  const benched = loadCurriculum().filter((e) => e.bench);
  throw new LabError(`project ${exercise.id} (${exercise.title}) has no bench scenario`, {
    next: benched.length
      ? `Projects with bench scenarios: ${benched.map((e) => `${e.id} (${e.slug})`).join(', ')}.`
      : 'No project has bench scenarios yet.',
  });
}

function parseDuration(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds < 1 || seconds > 600) {
    throw new LabError(`--duration ${raw}: give a number of seconds from 1 to 600`);
  }
  return seconds;
}

/** One line on stderr, rewritten in place: which scenario, which phase, how far, how fast. */
function ttyProgress(): { onEvent: (event: BenchEvent) => void; clear: () => void } {
  const write = (text: string) => process.stderr.write(`\r\x1b[K${text}`);
  return {
    onEvent(event) {
      if (isServiceProgress(event)) write(formatServiceProgress(event));
      else if (event.type === 'bench-phase')
        write(`${event.scenario}: ${event.phase}${event.seconds ? ` ${event.seconds} s` : ''}…`);
      else {
        const elapsed = Math.min(event.elapsedSeconds, event.totalSeconds);
        write(
          `${event.scenario}: ${event.phase} ${elapsed}/${event.totalSeconds} s · ${event.lastSecondRequests} req/s`,
        );
      }
    },
    clear: () => write(''),
  };
}
