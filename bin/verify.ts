import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { z } from 'zod';
import { EXIT, LabError } from '../harness/errors.ts';
import { assertGraded, gradeProgram, type VerifyEvent } from '../harness/grading/run-grader.ts';
import type { VerifyResult } from '../harness/grading/verify-result.ts';
import { assertDependenciesInstalled } from '../harness/learner/check-dependencies.ts';
import { resolveProgram } from '../harness/learner/learner-program.ts';
import { saveLastResult } from '../harness/learner/workspace-status.ts';
import type { CriterionId } from '../harness/manifest/exercise-schema.ts';
import { type Exercise, findExercise } from '../harness/manifest/load-exercise.ts';
import {
  formatCriterionLine,
  formatPlainReport,
  formatServiceProgress,
  isServiceProgress,
} from '../harness/reporters/format-plain.ts';
import { githubJobSummary, githubReport } from '../harness/reporters/github-report.ts';
import { junitReport } from '../harness/reporters/junit-report.ts';
import { writeHtmlReport } from '../harness/reporters/write-html-report.ts';
import { withInterrupts } from '../harness/with-interrupts.ts';
import { handleError } from './handle-error.ts';

const optionsSchema = z.object({
  solution: z.boolean().optional(),
  dir: z.string().optional(),
  only: z.string().optional(),
  json: z.boolean().optional(),
  reporter: z.enum(['tty', 'plain', 'junit', 'github']).optional(),
  out: z.string().optional(),
  keep: z.boolean().optional(),
  keepServices: z.boolean().optional(),
});
type VerifyOptions = z.infer<typeof optionsSchema>;

export const verifyCommand = new Command('verify')
  .summary('grade your program criterion by criterion')
  .description('Starts what the project needs, runs your program and grades it, criterion by criterion, black-box.')
  .argument('<project>', 'project number or slug, e.g. 25 or data-lake')
  .option('--solution', 'grade the reference solution instead of your workspace')
  .option('--dir <path>', 'grade the program in this folder')
  .option('--only <ids>', 'grade only these criteria, e.g. R2,B1')
  .option('--json', 'print exactly one JSON document (the result) on stdout')
  .addOption(new Option('--reporter <name>', 'output format on stdout').choices(['tty', 'plain', 'junit', 'github']))
  .option('--out <file>', 'also write the result to a file: JSON, or JUnit XML when it ends in .xml')
  .option('--keep', 'keep the run folder (generated data, logs of your program) under .lab/runs')
  .option(
    '--keep-services',
    'leave the service containers running for the next runs (like `lab up`; `lab down` stops them)',
  )
  .addHelpText(
    'after',
    `
Examples:
  lab verify 25                      grade workspace/25-data-lake
  lab verify 25 --only R2            grade one criterion while you work on it
  lab verify 25 --only C1,C5         only the common criteria: tests, observability
  lab verify 25 --solution           see the reference solution pass
  lab verify 25 --json > result.json machine-readable result (teachers, CI)
  lab verify 18 --keep-services      the next lab verify 18 skips container start-up
  lab verify 25 --reporter junit --out report.xml

Exit codes: 0 every required and common criterion passed · 1 one of them failed ·
2 bad input or project not graded yet · 3 your program could not start ·
4 environment problem (Docker, ports) · 130 interrupted · 70 internal error`,
  )
  .action(async (project: string, raw: unknown) => {
    const options = optionsSchema.parse(raw);
    try {
      process.exitCode = await verify(project, options);
    } catch (error) {
      process.exitCode = handleError(error, { json: options.json });
    }
  });

async function verify(project: string, options: VerifyOptions): Promise<number> {
  const exercise = findExercise(project);
  assertGraded(exercise);
  const only = parseOnly(options.only, exercise);
  const program = resolveProgram(exercise, options);
  assertDependenciesInstalled(program.dir);
  const format = options.json ? 'json' : (options.reporter ?? (process.stdout.isTTY ? 'tty' : 'plain'));
  const view = await startView(format, exercise, program.dir, only);
  let result: VerifyResult | undefined;
  try {
    result = await withInterrupts(async (signal) => {
      if (options.keepServices && exercise.services.length > 0) {
        const { keepServices } = await import('../harness/services/kept-services.ts');
        await keepServices(exercise.services, { signal, onProgress: view.onEvent });
      }
      return gradeProgram({ exercise, program, only, onEvent: view.onEvent, signal, keepRunDir: options.keep });
    });
  } finally {
    await view.finish(result);
  }
  if (program.source === 'workspace') saveLastResult(program.dir, result);
  const report = writeHtmlReport(join(program.dir, '.lab', 'report.html'), {
    title: `lab verify ${exercise.id}`,
    results: [result],
  });
  if (format === 'tty' || format === 'plain' || format === 'github') console.log(`Report: ${report}`);
  if (options.out)
    writeFileSync(
      options.out,
      options.out.endsWith('.xml') ? junitReport([result]) : `${JSON.stringify(result, null, 2)}\n`,
    );
  if (format === 'github' && process.env.GITHUB_STEP_SUMMARY)
    writeFileSync(process.env.GITHUB_STEP_SUMMARY, githubJobSummary(result), { flag: 'a' });
  return result.summary.passed ? EXIT.ok : EXIT.criteriaFailed;
}

function parseOnly(only: string | undefined, exercise: Exercise): CriterionId[] | undefined {
  if (!only) return undefined;
  const ids = only.split(',').map((id) => id.trim().toUpperCase());
  const unknown = ids.filter((id) => !exercise.criteria.some((c) => c.id === id));
  if (unknown.length > 0) {
    throw new LabError(`--only ${only}: project ${exercise.id} has no criterion ${unknown.join(', ')}`, {
      next: `Its criteria are ${exercise.criteria.map((c) => c.id).join(', ')}.`,
    });
  }
  return ids as CriterionId[];
}

interface View {
  onEvent(event: VerifyEvent): void;
  finish(result: VerifyResult | undefined): Promise<void> | void;
}

async function startView(
  format: string,
  exercise: Exercise,
  dir: string,
  only?: readonly CriterionId[],
): Promise<View> {
  const title = `lab verify ${exercise.id} · ${exercise.title} · ${dir}`;
  const specs = exercise.criteria.filter((c) => !only || only.includes(c.id));
  switch (format) {
    case 'tty': {
      const { startTtyView } = await import('../harness/reporters/tty-view.tsx');
      return startTtyView(title, specs);
    }
    case 'plain':
      console.log(title);
      return {
        onEvent: (event) => {
          if (event.type === 'done') console.log(formatCriterionLine(event.result));
          else if (isServiceProgress(event)) console.log(formatServiceProgress(event));
        },
        finish: (result) => void (result && console.log(formatPlainReport(result))),
      };
    case 'json':
      return { onEvent: () => {}, finish: (result) => void (result && console.log(JSON.stringify(result, null, 2))) };
    case 'junit':
      return { onEvent: () => {}, finish: (result) => void (result && process.stdout.write(junitReport([result]))) };
    default:
      return { onEvent: () => {}, finish: (result) => void (result && console.log(githubReport(result))) };
  }
}
