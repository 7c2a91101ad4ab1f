import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { FIXTURES, ROOT, runLab } from './run-lab.ts';

const root = mkdtempSync(join(tmpdir(), 'lab-ci-'));
const workspace = join(root, 'workspace');
const outDir = join(root, 'out');
const env = { LAB_WORKSPACE: workspace, GITHUB_ACTIONS: '' };
const project = join(workspace, '01-fake-cli');
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('lab ci grades the started projects of a workspace', () => {
  test('no project started: exit 2, saying `lab start N`', async () => {
    const run = await runLab(['ci', '--out-dir', outDir], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no project is started/);
    expect(run.stderr).toMatch(/lab start N/);
  });

  test('a named project that is not started: exit 2 with the next command', async () => {
    expect((await runLab(['start', '1'], env)).code).toBe(0);
    const run = await runLab(['ci', '2', '--out-dir', outDir], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/not started project 2 yet/);
    expect(run.stderr).toMatch(/lab start 2/);
  });

  test('the untouched starter: results.json and junit.xml written, exit 1', async () => {
    const run = await runLab(['ci', '--out-dir', outDir], env);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/lab ci · 1 Fake CLI/);
    expect(run.stdout).toMatch(/✗ R1 Answers 42/);
    expect(run.stdout).toMatch(/FAILED: 0\/1 projects passed/);
    const report = JSON.parse(readFileSync(join(outDir, 'results.json'), 'utf8'));
    expect(report.results).toHaveLength(1);
    expect(report.results[0]).toMatchObject({ exercise: 1, target: { source: 'workspace', dir: project } });
    expect(report.totals).toMatchObject({ projects: 1, passedProjects: 0, requiredTotal: 4, passed: false });
    const junit = readFileSync(join(outDir, 'junit.xml'), 'utf8');
    expect(junit).toMatch(/^<\?xml/);
    expect(junit.match(/<testsuite /g)).toHaveLength(1);
    expect(junit.match(/<testcase /g)).toHaveLength(7);
    expect(junit).toMatch(/<testsuites name="lab ci" tests="7" failures="7"/);
  });

  test('GitHub mode: only lab issues workflow commands; the job summary has a points table', async () => {
    for (const file of ['injects.mjs', 'lab.config.json'])
      copyFileSync(join(FIXTURES, 'learners', 'injects', file), join(project, file));
    const summary = join(root, 'summary.md');
    const run = await runLab(['ci', '1', '--out-dir', outDir], {
      ...env,
      GITHUB_ACTIONS: 'true',
      GITHUB_STEP_SUMMARY: summary,
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/pwned/); // shown, but inert
    expect(run.stdout).toMatch(/^::error title=lab 1 R1 Answers 42::/m);
    expect(run.stdout).not.toMatch(/^\s*::(?!(error|warning) title=lab 1 [RB]\d )/m);
    const markdown = readFileSync(summary, 'utf8');
    expect(markdown).toMatch(/\| ❌ \| 1 \| Fake CLI used by lab's own tests \| 0\/4 \| – \| 0\/3 \| 0\/80 \|/);
    expect(markdown).toMatch(/\*\*total\*\*/);
    expect(markdown).not.toMatch(/^\s*::/m);
  });

  test('a passing workspace: exit 0, --json prints results.json', async () => {
    rmSync(join(project, 'lab.config.json'));
    copyFileSync(join(FIXTURES, 'curriculum', 'solutions', '01-fake-cli', 'answer.mjs'), join(project, 'answer.mjs'));
    const run = await runLab(['ci', '--json', '--out-dir', outDir], env);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.totals).toMatchObject({ projects: 1, passedProjects: 1, points: 80, maxPoints: 80, passed: true });
    expect(JSON.parse(readFileSync(join(outDir, 'results.json'), 'utf8'))).toEqual(report);
    expect(existsSync(join(project, '.lab', 'last-verify.json'))).toBe(true);
  });
});

test('a project whose packages are missing is recorded as failed with the reason; the others are still graded', async () => {
  // Inside the checkout, so the copied Redis program resolves lab's node_modules (ioredis).
  mkdirSync(join(ROOT, '.lab'), { recursive: true });
  const root = mkdtempSync(join(ROOT, '.lab', 'test-ci-deps-'));
  const env = { LAB_WORKSPACE: join(root, 'workspace'), GITHUB_ACTIONS: '' };
  try {
    expect((await runLab(['start', '1'], env)).code).toBe(0);
    // Project 2 of the fixtures has no starter: its solution, copied in, is a started project.
    cpSync(join(FIXTURES, 'curriculum', 'solutions', '02-fake-redis'), join(root, 'workspace', '02-fake-redis'), {
      recursive: true,
    });
    copyFileSync(
      join(FIXTURES, 'learners', 'needs-package', 'package.json'),
      join(root, 'workspace', '01-fake-cli', 'package.json'),
    );
    const run = await runLab(['ci', '--out-dir', join(root, 'out'), '--json'], env);
    expect(run.code, run.stderr).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.results.map((r: { exercise: number }) => r.exercise)).toEqual([1, 2]);
    expect(report.results[0].criteria[0]).toMatchObject({
      state: 'failed',
      message: expect.stringMatching(/lab could not grade this program: .*not installed/),
    });
    expect(report.results[1].criteria[0]).toMatchObject({ id: 'R1', state: 'passed' });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
