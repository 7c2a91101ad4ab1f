import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { Command, Option } from 'commander';
import { z } from 'zod';
import { ciJobSummary } from '../harness/ci/ci-summary.ts';
import { runCi } from '../harness/ci/run-ci.ts';
import { selectCiProjects } from '../harness/ci/select-ci-projects.ts';
import { EXIT } from '../harness/errors.ts';
import type { VerifyResult } from '../harness/grading/verify-result.ts';
import { STATE_DIR } from '../harness/paths.ts';
import {
  formatCriterionLine,
  formatFailure,
  formatServiceProgress,
  formatSummary,
  isServiceProgress,
} from '../harness/reporters/format-plain.ts';
import { githubAnnotations } from '../harness/reporters/github-report.ts';
import { junitReport } from '../harness/reporters/junit-report.ts';
import { withInterrupts } from '../harness/with-interrupts.ts';
import { handleError } from './handle-error.ts';

const optionsSchema = z.object({
  outDir: z.string().optional(),
  reporter: z.enum(['plain', 'github']).optional(),
  json: z.boolean().optional(),
});

export const ciCommand = new Command('ci')
  .summary('grade every started project in one run (JUnit, JSON, GitHub annotations)')
  .description(
    'Grades every started project of the workspace (or the ones named), one after the other, and writes results.json and junit.xml.',
  )
  .argument('[projects...]', 'project numbers or slugs (default: every started project)')
  .option('--out-dir <dir>', 'where to write results.json and junit.xml', join(STATE_DIR, 'ci'))
  .addOption(
    new Option('--reporter <name>', 'output on stdout (default: github when GITHUB_ACTIONS=true)').choices([
      'plain',
      'github',
    ]),
  )
  .option('--json', 'print exactly one JSON document (results.json) on stdout')
  .addHelpText(
    'after',
    `
Examples:
  lab ci                         grade every started project
  lab ci 25 3 --out-dir reports  grade two projects, reports in ./reports
  lab ci --reporter github       annotations and a job summary ($GITHUB_STEP_SUMMARY)

Exit codes: 0 every graded project passed its required criteria · 1 one did not ·
2 bad input, a named project not started, or no project started · 3 a program could not start ·
4 environment problem · 130 interrupted · 70 internal error`,
  )
  .action(async (projects: string[], raw: unknown) => {
    const options = optionsSchema.parse(raw);
    try {
      process.exitCode = await ci(projects, options);
    } catch (error) {
      process.exitCode = handleError(error, { json: options.json });
    }
  });

async function ci(projects: readonly string[], options: z.infer<typeof optionsSchema>): Promise<number> {
  const selection = selectCiProjects(projects);
  const github = options.reporter ? options.reporter === 'github' : process.env.GITHUB_ACTIONS === 'true';
  const say = options.json ? () => {} : (line: string) => console.log(line);
  const report = await withInterrupts((signal) =>
    runCi(selection, {
      signal,
      onStart: (exercise, dir) => say(`\nlab ci · ${exercise.id} ${exercise.title} · ${dir}`),
      onEvent: (event) => {
        if (event.type === 'done') say(formatCriterionLine(event.result));
        else if (isServiceProgress(event)) say(formatServiceProgress(event));
      },
      onResult: (result) => say(projectReport(result, github)),
    }),
  );
  const outDir = resolve(options.outDir ?? join(STATE_DIR, 'ci'));
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'results.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(outDir, 'junit.xml'), junitReport(report.results, 'lab ci'));
  if (github && process.env.GITHUB_STEP_SUMMARY)
    writeFileSync(process.env.GITHUB_STEP_SUMMARY, ciJobSummary(report), { flag: 'a' });
  if (options.json) console.log(JSON.stringify(report, null, 2));
  else {
    for (const p of report.notGraded) say(`\n- ${p.exercise} ${p.title}: not graded yet (no grader written)`);
    const t = report.totals;
    say(
      `\n${t.passed ? 'PASSED' : 'FAILED'}: ${t.passedProjects}/${t.projects} projects passed, required ${t.requiredPassed}/${t.requiredTotal}, bonus ${t.bonusPassed}/${t.bonusTotal}, ${t.points}/${t.maxPoints} points`,
    );
    const shown = relative(process.cwd(), outDir);
    say(`Wrote results.json and junit.xml to ${shown.startsWith('..') ? outDir : shown || '.'}`);
    const failed = report.results.find((r) => !r.summary.passed);
    if (failed) say(`Next: \`lab verify ${failed.exercise}\` to see what fails, and fix it.`);
  }
  return report.totals.passed ? EXIT.ok : EXIT.criteriaFailed;
}

/** After a project's criteria lines: its failures (learner output made inert), annotations in GitHub mode, verdict. */
function projectReport(result: VerifyResult, github: boolean): string {
  const failures = result.criteria.filter((c) => c.state === 'failed').map(formatFailure);
  const annotations = github ? githubAnnotations(result) : '';
  return [
    ...(failures.length ? ['', ...failures] : []),
    ...(annotations ? [annotations] : []),
    formatSummary(result),
  ].join('\n');
}
