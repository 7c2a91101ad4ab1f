import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { type VerifyResult, verifyResultSchema } from '../harness/grading/verify-result.ts';
import { leftoverProcesses } from './e2e/leftover-processes.ts';
import { FIXTURES, ROOT, runLab } from './run-lab.ts';

const SOLUTION = join(FIXTURES, 'curriculum', 'solutions', '01-fake-cli');
const learner = (name: string) => join(FIXTURES, 'learners', name);
// The hanging program's grandchild, found by its folder: test/e2e/watch.test.ts runs a copy elsewhere.
const orphans = () =>
  leftoverProcesses({ folder: learner('hang'), marker: 'lab-fixture-hang-orphan' })
    .map((p) => p.pid)
    .join('\n');

describe('lab verify on the fake exercise', () => {
  test('the reference solution passes: one JSON document, exit 0', async () => {
    const run = await runLab(['verify', '1', '--solution', '--json']);
    expect(run.code).toBe(0);
    const result = verifyResultSchema.parse(JSON.parse(run.stdout));
    expect(result).toMatchObject({
      exercise: 1,
      target: { source: 'solution', dir: SOLUTION },
      summary: { requiredPassed: 4, requiredTotal: 4, points: 80, maxPoints: 80, passed: true },
      graderDigest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
    });
    expect(result.criteria.map((c) => [c.id, c.state])).toEqual(
      ['R1', 'R2', 'R3', 'R4', 'B1', 'B2', 'B3'].map((id) => [id, 'passed']),
    );
  });

  test('a program that crashes fails every criterion with its own output shown, exit 1', async () => {
    const run = await runLab(['verify', '1', '--dir', learner('crash'), '--reporter', 'plain']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/✗ R1 Answers 42/);
    expect(run.stdout).toMatch(/exited with SIGKILL \(expected 0\)\n\s+command: node crash\.mjs/);
    expect(run.stdout).toMatch(/\[your program\] starting up/);
    expect(run.stdout).toMatch(/Next: fix R1, re-run `lab verify 1 --only R1`/);
  });

  test('a program that prints text instead of JSON is told so', async () => {
    const run = await runLab(['verify', '1', '--dir', learner('not-json'), '--only', 'R1', '--json']);
    const r1 = (JSON.parse(run.stdout) as VerifyResult).criteria[0];
    expect(r1).toMatchObject({
      id: 'R1',
      state: 'failed',
      message: expect.stringMatching(/exactly one JSON document/),
    });
  });

  test('a program that floods its output is capped, and lab keeps working', async () => {
    const run = await runLab(['verify', '1', '--dir', learner('flood'), '--only', 'R1', '--json']);
    expect(run.code).toBe(1);
    const r1 = verifyResultSchema.parse(JSON.parse(run.stdout)).criteria[0];
    expect(r1?.state).toBe('failed');
    expect(run.stdout.length).toBeLessThan(100_000);
  });

  test('a hanging program is killed with its whole process group at the step timeout', async () => {
    const run = await runLab(['verify', '1', '--dir', learner('hang'), '--only', 'R3', '--json'], {});
    expect(run.code).toBe(1);
    const r3 = (JSON.parse(run.stdout) as VerifyResult).criteria.find((c) => c.id === 'R3');
    expect(r3).toMatchObject({ state: 'failed', message: expect.stringMatching(/did not finish within 3000 ms/) });
    expect(orphans()).toBe('');
  });

  test('--only skips the other criteria and still exits 0 when the selected ones pass', async () => {
    const run = await runLab(['verify', '1', '--solution', '--only', 'r2', '--json']);
    expect(run.code).toBe(0);
    const states = (JSON.parse(run.stdout) as VerifyResult).criteria.map((c) => `${c.id}:${c.state}`);
    expect(states).toEqual([
      'R1:skipped',
      'R2:passed',
      'R3:skipped',
      'R4:skipped',
      'B1:skipped',
      'B2:skipped',
      'B3:skipped',
    ]);
  });

  test('JUnit and GitHub reports carry the same facts', async () => {
    const out = join(ROOT, '.lab', 'test-report.xml');
    const run = await runLab(['verify', '1', '--dir', learner('crash'), '--reporter', 'github', '--out', out]);
    expect(run.stdout).toMatch(
      /^::error title=lab 1 R1 Answers 42::answer prints 42: your program exited with SIGKILL/m,
    );
    expect(run.stdout).toMatch(/^::warning title=lab 1 B1 Bonus answer::/m);
    const xml = readFileSync(out, 'utf8');
    expect(xml).toMatch(/<testsuites name="lab" tests="7" failures="7" errors="0"/);
    expect(xml).toMatch(/<failure message="bonus answer: your program exited with SIGKILL/);
    rmSync(out);
  });

  test('Ctrl-C stops the run, tears everything down and exits 130', async () => {
    const child = spawn(
      process.execPath,
      [join(ROOT, 'bin', 'lab.js'), 'verify', '1', '--dir', learner('hang'), '--only', 'R1', '--reporter', 'plain'],
      {
        cwd: ROOT,
        env: { ...process.env, LAB_CURRICULUM: join(FIXTURES, 'curriculum') },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    for (let i = 0; i < 100 && !orphans(); i++) await new Promise((r) => setTimeout(r, 100));
    expect(orphans(), 'the hanging program should be running').not.toBe('');
    child.kill('SIGINT');
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(130);
    expect(stderr).toMatch(/interrupted/);
    expect(orphans()).toBe('');
  });
});

describe("the learner's output can never issue CI workflow commands", () => {
  test.each(['plain', 'github'])('--reporter %s', async (reporter) => {
    const run = await runLab(['verify', '1', '--dir', learner('injects'), '--only', 'R1', '--reporter', reporter]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/pwned/); // shown, but inert
    expect(run.stdout).not.toMatch(/^\s*::(?!error title=lab 1 R1 Answers 42::)/m);
  });
});

test('a lab killed outright (SIGKILL) leaves a hung program behind; the next run kills it', async () => {
  const child = spawn(
    process.execPath,
    [join(ROOT, 'bin', 'lab.js'), 'verify', '1', '--dir', learner('hang'), '--only', 'R1', '--reporter', 'plain'],
    { cwd: ROOT, env: { ...process.env, LAB_CURRICULUM: join(FIXTURES, 'curriculum') }, stdio: 'ignore' },
  );
  for (let i = 0; i < 100 && !orphans(); i++) await new Promise((r) => setTimeout(r, 100));
  expect(orphans(), 'the hanging program should be running').not.toBe('');
  child.kill('SIGKILL');
  await new Promise((resolve) => child.on('close', resolve));
  // No assertion that it is still running here: another lab run of the suite may already have cleaned it.
  expect((await runLab(['verify', '1', '--solution', '--only', 'R1'])).code).toBe(0);
  expect(orphans()).toBe('');
});
