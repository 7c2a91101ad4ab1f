import { execFileSync, spawnSync } from 'node:child_process';
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { resolveUpstreamPin } from '../harness/ci/upstream-pin.ts';
import { LabError } from '../harness/errors.ts';
import { FIXTURES, ROOT, runLab } from './run-lab.ts';

const root = mkdtempSync(join(tmpdir(), 'lab-ci-init-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const UPSTREAM = 'https://github.com/teacher/lab.git';
const SHA = 'c98783ba74331e0183cc748d2a21cc90ec1266ae';

/** actionlint from .ci/install-actionlint.sh ($(go env GOPATH)/bin), $ACTIONLINT, or the PATH. */
function findActionlint(): string | undefined {
  const gopath = spawnSync('/usr/local/go/bin/go', ['env', 'GOPATH'], { encoding: 'utf8' }).stdout?.trim();
  const candidates = [
    process.env.ACTIONLINT,
    gopath ? join(gopath, 'bin', 'actionlint') : undefined,
    join(homedir(), 'go', 'bin', 'actionlint'),
  ];
  const found = candidates.find((c): c is string => Boolean(c && existsSync(c)));
  if (found) return found;
  return spawnSync('actionlint', ['-version']).status === 0 ? 'actionlint' : undefined;
}
const actionlint = findActionlint();
if (!actionlint && process.env.CI === 'true') {
  throw new Error('actionlint is missing on CI: run `bash .ci/install-actionlint.sh` before the tests (see .ci/run)');
}
if (!actionlint)
  console.warn('ci-init.test: actionlint not installed, workflow lint skipped (bash .ci/install-actionlint.sh)');

const lint = (file: string) => spawnSync(actionlint as string, ['-no-color', file], { encoding: 'utf8' });

describe('lab ci init writes a workflow that grades a fork with the pinned upstream', () => {
  const workflow = join(root, 'repo', '.github', 'workflows', 'lab.yml');

  test('with --upstream and --ref: the grading step runs the upstream lab against the fork', async () => {
    const run = await runLab(['ci', 'init', '--upstream', UPSTREAM, '--ref', SHA, '--out', workflow]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(`grades with ${UPSTREAM} at ${SHA}`);
    const text = readFileSync(workflow, 'utf8');
    expect(text).toContain(`LAB_UPSTREAM: '${UPSTREAM}'`);
    expect(text).toContain(`LAB_REF: '${SHA}'`);
    expect(text).toMatch(/git -C lab fetch -q --depth 1 "\$LAB_UPSTREAM" "\$LAB_REF"/);
    expect(text).toMatch(/path: lab\/\.lab\/fork\n\s+persist-credentials: false/);
    expect(text).toMatch(
      /working-directory: lab\n\s+env:\n\s+LAB_WORKSPACE: \$\{\{ github\.workspace \}\}\/lab\/\.lab\/fork\/workspace\n\s+run: node bin\/lab\.js ci --check-graders \.lab\/fork --reporter github/,
    );
    expect(text).toMatch(/actions\/upload-artifact@v4[\s\S]*path: lab-results/);
    expect(text).toMatch(/permissions:\n\s+contents: read/);
    expect(text).toContain("if: github.repository != 'teacher/lab'");
    // No secret is mapped into any step, so none can reach the graded program.
    expect(text).not.toMatch(/secrets\.|GITHUB_TOKEN|github\.token/);
  });

  test.skipIf(!actionlint)('actionlint accepts the workflow, and rejects a broken copy of it', () => {
    const ok = lint(workflow);
    expect(ok.stdout + ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    // The linter really checks: the same file with a typo in a key fails.
    const broken = join(root, 'broken.yml');
    writeFileSync(broken, readFileSync(workflow, 'utf8').replace('runs-on:', 'runs_on:'));
    const bad = lint(broken);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/runs_on|runs-on/);
  });

  test('an existing workflow is kept unless --force', async () => {
    writeFileSync(workflow, '# the teacher wrote this\n');
    const run = await runLab(['ci', 'init', '--upstream', UPSTREAM, '--ref', 'v1.0', '--out', workflow]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/exists already/);
    expect(run.stderr).toMatch(/--force/);
    expect(readFileSync(workflow, 'utf8')).toBe('# the teacher wrote this\n');
    const forced = await runLab(['ci', 'init', '--upstream', UPSTREAM, '--ref', 'v1.0', '--out', workflow, '--force']);
    expect(forced.code).toBe(0);
    expect(readFileSync(workflow, 'utf8')).toContain("LAB_REF: 'v1.0'");
  });

  test('without --ref, the pin is this checkout’s HEAD commit', async () => {
    const out = join(root, 'head.yml');
    const run = await runLab(['ci', 'init', '--upstream', UPSTREAM, '--out', out]);
    expect(run.code).toBe(0);
    const head = execFileSync('git', ['-C', ROOT, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
    expect(readFileSync(out, 'utf8')).toContain(`LAB_REF: '${head}'`);
    if (actionlint) expect(lint(out).status).toBe(0);
  });

  test('a --ref or --upstream that could inject into the workflow is refused', async () => {
    const out = join(root, 'bad.yml');
    const badRef = await runLab(['ci', 'init', '--upstream', UPSTREAM, '--ref', "v1'\n  evil: x", '--out', out]);
    expect(badRef.code).toBe(2);
    expect(badRef.stderr).toMatch(/neither a commit sha nor a tag/);
    const badUrl = await runLab(['ci', 'init', '--upstream', 'https://x/$(id)', '--ref', SHA, '--out', out]);
    expect(badUrl.code).toBe(2);
    expect(badUrl.stderr).toMatch(/not a git URL/);
    expect(existsSync(out)).toBe(false);
  });
});

describe('the default pin comes from a checkout: origin remote and HEAD', () => {
  const git = (cwd: string, ...args: string[]) =>
    execFileSync('git', args, {
      cwd,
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 't',
        GIT_AUTHOR_EMAIL: 't@x',
        GIT_COMMITTER_NAME: 't',
        GIT_COMMITTER_EMAIL: 't@x',
      },
      encoding: 'utf8',
    }).trim();

  test('origin (an SSH GitHub URL becomes https) and HEAD', () => {
    const repo = join(root, 'teacher');
    mkdirSync(repo);
    git(repo, 'init', '-q');
    git(repo, 'commit', '-q', '--allow-empty', '-m', 'graders');
    git(repo, 'remote', 'add', 'origin', 'git@github.com:teacher/lab.git');
    expect(resolveUpstreamPin({}, repo)).toEqual({ url: UPSTREAM, ref: git(repo, 'rev-parse', 'HEAD') });
  });

  test('no origin and no --upstream: a usage error that says what to pass', () => {
    const repo = join(root, 'no-origin');
    mkdirSync(repo);
    git(repo, 'init', '-q');
    git(repo, 'commit', '-q', '--allow-empty', '-m', 'x');
    expect(() => resolveUpstreamPin({}, repo)).toThrow(LabError);
    expect(() => resolveUpstreamPin({}, repo)).toThrow(/no `origin` remote/);
  });

  test('not a git checkout and no --ref: a usage error', () => {
    const dir = join(root, 'plain');
    mkdirSync(dir);
    expect(() => resolveUpstreamPin({ upstream: UPSTREAM }, dir)).toThrow(/no commit to pin/);
  });
});

describe('lab ci --check-graders: a fork that edits a grader fails with "graders modified"', () => {
  const fork = join(root, 'fork');
  const workspace = join(fork, 'workspace');
  const project = join(workspace, '01-fake-cli');
  const outDir = join(root, 'results');
  const env = { LAB_WORKSPACE: workspace, GITHUB_ACTIONS: '' };
  const forkGrader = join(fork, 'exercises', '01-fake-cli', 'grader');

  test('an untouched fork: graders unmodified; the learner never sees the runner’s secrets', async () => {
    cpSync(join(FIXTURES, 'curriculum', 'exercises'), join(fork, 'exercises'), { recursive: true });
    expect((await runLab(['start', '1'], env)).code).toBe(0);
    copySolution(project);
    const run = await runLab(['ci', '--check-graders', fork, '--out-dir', outDir], {
      ...env,
      // What a runner could carry: none of it may reach the learner's program (R2 checks its env).
      GITHUB_TOKEN: 'ghs_secret',
      ACTIONS_RUNTIME_TOKEN: 'secret',
      LAB_TEST_SECRET: 'secret',
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Graders of .*fork: unmodified/);
    expect(run.stdout).toMatch(/✓ R2 Gets only the contract env/);
    const report = JSON.parse(readFileSync(join(outDir, 'results.json'), 'utf8'));
    expect(report.graderCheck).toEqual({ fork, changes: [] });
    expect(report.results[0].graderDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
  }, 120_000);

  test('edited, added and removed grader files are named; grades still come from the upstream graders', async () => {
    // The student makes R1 pass whatever the program does, adds a file, deletes another, and ships the starter.
    writeFileSync(
      join(forkGrader, 'r1-answer.test.ts'),
      "import { test } from 'vitest';\ntest('R1 always passes', () => {});\n",
    );
    writeFileSync(join(forkGrader, 'helper.ts'), 'export const x = 1;\n');
    unlinkSync(join(forkGrader, 'r4-exit.test.ts'));
    appendFileSync(join(fork, 'exercises', '01-fake-cli', 'exercise.json'), '\n');
    cpSync(
      join(FIXTURES, 'curriculum', 'exercises', '01-fake-cli', 'starter', 'answer.mjs'),
      join(project, 'answer.mjs'),
    );
    const summary = join(root, 'summary.md');
    const run = await runLab(['ci', '--check-graders', fork, '--out-dir', outDir, '--reporter', 'github'], {
      ...env,
      GITHUB_STEP_SUMMARY: summary,
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/graders modified: 4 grader files in .*fork differ/);
    expect(run.stdout).toMatch(/modified +exercises\/01-fake-cli\/exercise\.json/);
    expect(run.stdout).toMatch(/modified +exercises\/01-fake-cli\/grader\/r1-answer\.test\.ts/);
    expect(run.stdout).toMatch(/added +exercises\/01-fake-cli\/grader\/helper\.ts/);
    expect(run.stdout).toMatch(/removed +exercises\/01-fake-cli\/grader\/r4-exit\.test\.ts/);
    expect(run.stdout).toMatch(/^::error title=lab ci%3A graders modified::4 grader file\(s\)/m);
    expect(run.stdout).toMatch(/FAILED \(graders modified\)/);
    // The teacher's R1 ran, not the student's always-passing one.
    expect(run.stdout).toMatch(/✗ R1 Answers 42/);
    const report = JSON.parse(readFileSync(join(outDir, 'results.json'), 'utf8'));
    expect(report.graderCheck.changes).toEqual([
      { file: 'exercises/01-fake-cli/exercise.json', change: 'modified' },
      { file: 'exercises/01-fake-cli/grader/helper.ts', change: 'added' },
      { file: 'exercises/01-fake-cli/grader/r1-answer.test.ts', change: 'modified' },
      { file: 'exercises/01-fake-cli/grader/r4-exit.test.ts', change: 'removed' },
    ]);
    expect(report.results[0].criteria.find((c: { id: string }) => c.id === 'R1').state).toBe('failed');
    expect(readFileSync(summary, 'utf8')).toMatch(/\*\*Graders modified\*\*/);
    expect(readFileSync(join(outDir, 'report.html'), 'utf8')).toMatch(/<strong>Graders modified<\/strong>/);
  }, 120_000);

  test('a grader file name cannot issue a workflow command', async () => {
    writeFileSync(join(forkGrader, 'x\n::set-output name=grade::100\n::error::forged.ts'), '');
    const run = await runLab(['ci', '--check-graders', fork, '--out-dir', outDir, '--reporter', 'github'], env);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/x\\u000a::set-output name=grade::100/);
    const commands = run.stdout.split(/\r\n|\r|\n/).filter((line) => /^\s*::/.test(line));
    expect(commands.length).toBeGreaterThan(0);
    for (const line of commands)
      expect(line).toMatch(/^::(error|warning) title=lab (ci%3A graders modified|1 [RB]\d )/);
  }, 120_000);

  test('a folder that is not a checkout: exit 2, saying where to point', async () => {
    const run = await runLab(['ci', '--check-graders', join(root, 'nowhere'), '--out-dir', outDir], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no exercises\/ folder/);
  });
});

function copySolution(project: string): void {
  cpSync(join(FIXTURES, 'curriculum', 'solutions', '01-fake-cli', 'answer.mjs'), join(project, 'answer.mjs'));
}
