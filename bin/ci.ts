import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { Command, Option } from 'commander';
import { z } from 'zod';
import { ciJobSummary } from '../harness/ci/ci-summary.ts';
import { compareGraders } from '../harness/ci/compare-graders.ts';
import { describeGraderChanges, graderChangesAnnotation } from '../harness/ci/grader-check-report.ts';
import { labWorkflow } from '../harness/ci/lab-workflow.ts';
import { type CiReport, runCi } from '../harness/ci/run-ci.ts';
import { selectCiProjects } from '../harness/ci/select-ci-projects.ts';
import { resolveUpstreamPin } from '../harness/ci/upstream-pin.ts';
import { writeWorkflow } from '../harness/ci/write-workflow.ts';
import { EXIT } from '../harness/errors.ts';
import { labVersion } from '../harness/grading/lab-version.ts';
import type { VerifyResult } from '../harness/grading/verify-result.ts';
import { STATE_DIR } from '../harness/paths.ts';
import {
  formatCounts,
  formatCriterionLine,
  formatFailure,
  formatServiceProgress,
  formatSummary,
  isServiceProgress,
} from '../harness/reporters/format-plain.ts';
import { githubAnnotations } from '../harness/reporters/github-report.ts';
import { junitReport } from '../harness/reporters/junit-report.ts';
import { writeHtmlReport } from '../harness/reporters/write-html-report.ts';
import { withInterrupts } from '../harness/with-interrupts.ts';
import { handleError } from './handle-error.ts';

const optionsSchema = z.object({
  outDir: z.string().optional(),
  reporter: z.enum(['plain', 'github']).optional(),
  json: z.boolean().optional(),
  checkGraders: z.string().optional(),
});

const initOptionsSchema = z.object({
  upstream: z.string().optional(),
  ref: z.string().optional(),
  out: z.string(),
  force: z.boolean().optional(),
});

const initCommand = new Command('init')
  .summary("write a GitHub Actions workflow that grades a student fork with the teacher's pinned graders")
  .description(
    "Writes a workflow for a student fork: it checks out the teacher's lab at a pinned commit, grades the fork's workspace with it (`lab ci --check-graders`), and keeps results.json, junit.xml and report.html as an artifact.",
  )
  .option('--upstream <git url>', "the teacher's lab students' CI clones (default: this checkout's origin remote)")
  .option('--ref <sha or tag>', "the commit or tag of the graders (default: this checkout's HEAD commit)")
  .option('--out <file>', 'where to write the workflow', join('.github', 'workflows', 'lab.yml'))
  .option('--force', 'replace an existing workflow file')
  .addHelpText(
    'after',
    `
Examples:
  lab ci init                                  pin this checkout's origin and HEAD
  lab ci init --upstream https://github.com/teacher/lab.git --ref v1.0
  lab ci init --force                          re-pin after updating the graders

Exit codes: 0 written · 2 bad input, no upstream/ref found, or the file exists (use --force)`,
  )
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride()
  .action((raw: unknown) => {
    const options = initOptionsSchema.parse(raw);
    try {
      const pin = resolveUpstreamPin(options);
      const out = resolve(options.out);
      writeWorkflow(out, labWorkflow(pin, labVersion()), { force: options.force });
      console.log(`Wrote ${relative(process.cwd(), out) || out}: grades with ${pin.url} at ${pin.ref}.`);
      console.log(
        'Next: commit it to the repository students fork (docs/teachers.md); re-run `lab ci init --force` to re-pin after changing a grader.',
      );
      process.exitCode = EXIT.ok;
    } catch (error) {
      process.exitCode = handleError(error);
    }
  });

export const ciCommand = new Command('ci')
  .summary('grade every started project in one run (JUnit, JSON, GitHub annotations)')
  .description(
    'Grades every started project of the workspace (or the ones named), one after the other, and writes results.json, junit.xml and report.html.',
  )
  .argument('[projects...]', 'project numbers or slugs (default: every started project)')
  .option('--out-dir <dir>', 'where to write results.json, junit.xml and report.html', join(STATE_DIR, 'ci'))
  .addOption(
    new Option('--reporter <name>', 'output on stdout (default: github when GITHUB_ACTIONS=true)').choices([
      'plain',
      'github',
    ]),
  )
  .option('--json', 'print exactly one JSON document (results.json) on stdout')
  .option(
    '--check-graders <checkout>',
    'fail (exit 1, "graders modified") when this student checkout\'s exercises/*/grader or exercise.json differ from lab\'s',
  )
  .addHelpText(
    'after',
    `
Examples:
  lab ci                         grade every started project
  lab ci 25 3 --out-dir reports  grade two projects, reports in ./reports
  lab ci --reporter github       annotations and a job summary ($GITHUB_STEP_SUMMARY)
  LAB_WORKSPACE=fork/workspace lab ci --check-graders fork
                                 grade a student's checkout with these graders
  lab ci init                    write .github/workflows/lab.yml for student forks

Exit codes: 0 every graded project passed its required and common criteria · 1 one did not, or the graders were modified ·
2 bad input, a named project not started, or no project started · 3 a program could not start ·
4 environment problem · 130 interrupted · 70 internal error`,
  )
  .addCommand(initCommand)
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
  const graderCheck = options.checkGraders ? compareGraders(options.checkGraders) : undefined;
  const tampered = graderCheck !== undefined && graderCheck.changes.length > 0;
  const github = options.reporter ? options.reporter === 'github' : process.env.GITHUB_ACTIONS === 'true';
  const say = options.json ? () => {} : (line: string) => console.log(line);
  if (graderCheck && tampered) {
    say(describeGraderChanges(graderCheck));
    if (github) say(graderChangesAnnotation(graderCheck));
  } else if (graderCheck) say(`Graders of ${graderCheck.fork}: unmodified.`);
  const graded = await withInterrupts((signal) =>
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
  const report: CiReport = { ...graded, ...(graderCheck ? { graderCheck } : {}) };
  const outDir = resolve(options.outDir ?? join(STATE_DIR, 'ci'));
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'results.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(outDir, 'junit.xml'), junitReport(report.results, 'lab ci'));
  writeHtmlReport(join(outDir, 'report.html'), { title: 'lab ci', results: report.results, graderCheck });
  if (github && process.env.GITHUB_STEP_SUMMARY)
    writeFileSync(process.env.GITHUB_STEP_SUMMARY, ciJobSummary(report), { flag: 'a' });
  if (options.json) console.log(JSON.stringify(report, null, 2));
  else {
    for (const p of report.notGraded) say(`\n- ${p.exercise} ${p.title}: not graded yet (no grader written)`);
    if (graderCheck && tampered) say(`\n${describeGraderChanges(graderCheck)}`);
    const t = report.totals;
    say(
      `\n${t.passed && !tampered ? 'PASSED' : 'FAILED'}${tampered ? ' (graders modified)' : ''}: ${t.passedProjects}/${t.projects} projects passed, ${formatCounts(t)}, ${t.points}/${t.maxPoints} points`,
    );
    const shown = relative(process.cwd(), outDir);
    say(`Wrote results.json, junit.xml and report.html to ${shown.startsWith('..') ? outDir : shown || '.'}`);
    const failed = report.results.find((r) => !r.summary.passed);
    if (failed) say(`Next: \`lab verify ${failed.exercise}\` to see what fails, and fix it.`);
  }
  return report.totals.passed && !tampered ? EXIT.ok : EXIT.criteriaFailed;
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
