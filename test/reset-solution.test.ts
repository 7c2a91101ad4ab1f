import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { FIXTURES, runLab } from './run-lab.ts';

const workspace = mkdtempSync(join(tmpdir(), 'lab-ws-'));
const env = { LAB_WORKSPACE: workspace };
const project = join(workspace, '01-fake-cli');
const SOLUTION = join(FIXTURES, 'curriculum', 'solutions', '01-fake-cli');
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

describe('lab reset puts the starter back, never losing work', () => {
  test('a project not started yet has nothing to reset', async () => {
    const run = await runLab(['reset', '1', '--yes'], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/not started project 1 yet/);
    expect(run.stderr).toMatch(/lab start 1/);
  });

  test('without --yes and no terminal to ask on, it refuses and says to pass --yes', async () => {
    expect((await runLab(['start', '1'], env)).code).toBe(0);
    writeFileSync(join(project, 'mine.txt'), 'my work');
    const run = await runLab(['reset', '1'], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/stdin is not a terminal/);
    expect(run.stderr).toMatch(/lab reset 1 --yes/);
    expect(readFileSync(join(project, 'mine.txt'), 'utf8')).toBe('my work');
  });

  test('--yes moves the old copy aside, state and all, and restores the starter', async () => {
    mkdirSync(join(project, '.lab'), { recursive: true });
    writeFileSync(join(project, '.lab', 'hints.json'), '{"R1":1}\n');
    const run = await runLab(['reset', '1', '--yes', '--json'], env);
    expect(run.code).toBe(0);
    const done = JSON.parse(run.stdout);
    expect(done).toMatchObject({ exercise: 1, reset: true, dir: project, backup: expect.any(String) });
    expect(readFileSync(join(done.backup, 'mine.txt'), 'utf8')).toBe('my work');
    expect(existsSync(join(done.backup, '.lab', 'hints.json'))).toBe(true);
    expect(existsSync(join(project, 'mine.txt'))).toBe(false);
    expect(existsSync(join(project, '.lab'))).toBe(false);
    expect(readFileSync(join(project, 'answer.mjs'), 'utf8')).toMatch(/TODO/);
    expect(readdirSync(workspace).filter((name) => name.startsWith('01-fake-cli.backup-'))).toHaveLength(1);
  });
});

describe('lab solution is shown only once the learner passes', () => {
  test('before any verify: refused, with the next command', async () => {
    const run = await runLab(['solution', '1'], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/lab verify 1/);
  });

  test('after a failing verify: refused, naming the failing required criteria', async () => {
    expect((await runLab(['verify', '1', '--json'], env)).code).toBe(1);
    const run = await runLab(['solution', '1'], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/still failing: R1 Answers 42, R2 .*, R3 .*, R4 Exit code/);
    expect(run.stderr).toMatch(/lab hint 1 R1/);
    const json = JSON.parse((await runLab(['solution', '1', '--json'], env)).stdout);
    expect(json.error).toMatchObject({ kind: 'usage', message: expect.stringMatching(/R1/) });
  });

  test('after the workspace passes: the files, without mutants', async () => {
    copyFileSync(join(SOLUTION, 'answer.mjs'), join(project, 'answer.mjs'));
    expect((await runLab(['verify', '1', '--json'], env)).code).toBe(0);
    const run = await runLab(['solution', '1'], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/==> answer\.mjs <==\n\/\/ Reference "learner"/);
    expect(run.stdout).toMatch(/==> package\.json <==/);
    expect(run.stdout).not.toMatch(/mutant/);
    const list = await runLab(['solution', '1', '--list'], env);
    expect(list.stdout.trim().split('\n')).toEqual(['answer.mjs', 'package.json']);
  });

  test('a pass under another grader does not count', async () => {
    const file = join(project, '.lab', 'last-verify.json');
    const last = readFileSync(file, 'utf8');
    writeFileSync(
      file,
      last.replace(/"graderDigest": "sha256:[0-9a-f]{64}"/, `"graderDigest": "sha256:${'0'.repeat(64)}"`),
    );
    try {
      const run = await runLab(['solution', '1'], env);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/another version of the grader/);
      expect(run.stderr).toMatch(/lab verify 1/);
    } finally {
      writeFileSync(file, last);
    }
  });
});
