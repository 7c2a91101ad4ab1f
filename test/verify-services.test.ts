import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { verifyResultSchema } from '../harness/grading/verify-result.ts';
import { FIXTURES, ROOT, runLab } from './run-lab.ts';

// Real containers: needs a Docker engine and lab's offline images (containers/ci-prepare.sh).
// Only those of the lab process under test: other test files run containers at the same time.
const labContainers = (pid: number) =>
  execFileSync(
    'docker',
    ['ps', '-aq', '--filter', 'label=dev.lab.managed=true', '--filter', `label=dev.lab.pid=${pid}`],
    {
      encoding: 'utf8',
    },
  ).trim();

test('lab verify starts the project services, hands their URLs to program and grader, and removes them', async () => {
  const run = await runLab(['verify', '2', '--solution', '--only', 'R1', '--json']);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  expect(verifyResultSchema.parse(JSON.parse(run.stdout)).criteria[0]).toMatchObject({ id: 'R1', state: 'passed' });
  expect(labContainers(run.pid)).toBe('');
});

test('Ctrl-C while the program hangs: the container and the program are gone, exit 130', async () => {
  const child = spawn(
    process.execPath,
    [
      join(ROOT, 'bin', 'lab.js'),
      'verify',
      '2',
      '--dir',
      join(FIXTURES, 'learners', 'hang-count'),
      '--only',
      'R1',
      '--reporter',
      'plain',
    ],
    {
      cwd: ROOT,
      env: { ...process.env, LAB_CURRICULUM: join(FIXTURES, 'curriculum') },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  for (let i = 0; i < 150 && !/redis: ready/.test(stdout); i++) await new Promise((r) => setTimeout(r, 100));
  await new Promise((r) => setTimeout(r, 1500)); // the hanging program is running now
  expect(labContainers(child.pid ?? 0), 'the Redis container should be running').not.toBe('');
  child.kill('SIGINT');
  expect(await new Promise((resolve) => child.on('close', resolve))).toBe(130);
  expect(labContainers(child.pid ?? 0)).toBe('');
  expect(
    () => execFileSync('pgrep', ['-f', 'lab-fixture-hang-count-orphan']),
    'the program is still running',
  ).toThrow();
});
