import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { runLab } from './run-lab.ts';

const workspace = mkdtempSync(join(tmpdir(), 'lab-ws-'));
const env = { LAB_WORKSPACE: workspace };
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

describe('a learner starts, verifies and asks for hints', () => {
  test('lab start copies the starter and says what to do next', async () => {
    const run = await runLab(['start', '1'], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Started project 1 · Fake CLI/);
    expect(run.stdout).toMatch(/Next: build it, then run `lab verify 1`/);
    expect(readFileSync(join(workspace, '01-fake-cli', 'answer.mjs'), 'utf8')).toMatch(/TODO/);
  });

  test('lab start never overwrites; --force moves the old copy aside', async () => {
    writeFileSync(join(workspace, '01-fake-cli', 'mine.txt'), 'my work');
    const refused = await runLab(['start', '1'], env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/already exists: lab never overwrites your work/);
    const forced = await runLab(['start', '1', '--force'], env);
    expect(forced.code).toBe(0);
    const backup = readdirSync(workspace).find((name) => name.startsWith('01-fake-cli.backup-'));
    expect(backup && readFileSync(join(workspace, backup, 'mine.txt'), 'utf8')).toBe('my work');
    expect(existsSync(join(workspace, '01-fake-cli', 'mine.txt'))).toBe(false);
  });

  test('the untouched starter fails; lab list shows the project as started', async () => {
    const run = await runLab(['verify', '1', '--json'], env);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).summary).toMatchObject({ requiredPassed: 0, passed: false });
    const list = JSON.parse((await runLab(['list', '--json'], env)).stdout);
    expect(list.projects[0]).toMatchObject({ id: 1, graded: true, status: 'started' });
  });

  test('hints come one more each time, for what failed last', async () => {
    const first = JSON.parse((await runLab(['hint', '1', '--json'], env)).stdout);
    expect(first).toMatchObject({ criterion: 'R1', hints: [expect.any(String)], total: 1 });
    const all = JSON.parse((await runLab(['hint', '1', 'R2', '--all', '--json'], env)).stdout);
    expect(all).toMatchObject({ criterion: 'R2', total: 1 });
    expect(all.hints).toHaveLength(1);
  });

  test('lab doctor reports Node and Docker, with what to do', async () => {
    const run = await runLab(['doctor', '--json']);
    const report = JSON.parse(run.stdout);
    expect(report.checks.map((c: { name: string }) => c.name)).toEqual(['node', 'state folder', 'docker engine']);
    expect(run.code).toBe(report.ok ? 0 : 4);
    const docker = report.checks[2];
    if (!docker.ok) expect(docker.next).toMatch(/docker/i);
  });
});
