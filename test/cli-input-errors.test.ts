import { describe, expect, test } from 'vitest';
import { FIXTURES, runLab } from './run-lab.ts';

const oneLineError = (stderr: string) => {
  expect(stderr).toMatch(/^lab: /);
  expect(stderr).not.toMatch(/\n\s+at /); // never a stack trace
};

describe('bad input gives a one-line error, exit code 2', () => {
  test.each([
    [['verify', '99'], /there is no project "99"/],
    [['verify', 'no-such-slug'], /there is no project "no-such-slug"/],
    [['verify', '1', '--solution', '--only', 'R9'], /has no criterion R9/],
    [['verify', '1', '--dir', 'test'], /is not a project/],
    [['verify', '1', '--dir', 'does/not/exist'], /no such folder/],
    [['verify', '1', '--dir', `${FIXTURES}/learners/bad-config`], /lab\.config\.json does not parse/],
    [['start', '1', '--dir', `${FIXTURES}/learners/crash`], /already exists: lab never overwrites/],
    [['hint', '1', 'Z9'], /has no criterion Z9/],
  ])('lab %j', async (args, message) => {
    const run = await runLab(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    oneLineError(run.stderr);
  });

  test('an unknown command or option exits 2 with usage help', async () => {
    expect((await runLab(['frobnicate'])).code).toBe(2);
    expect((await runLab(['verify', '1', '--bogus'])).code).toBe(2);
  });

  test('errors are JSON under --json', async () => {
    const run = await runLab(['verify', '99', '--json']);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({
      error: { kind: 'usage', message: expect.stringMatching(/no project/) },
    });
  });

  test('a broken manifest names the file, the field and the problem', async () => {
    const run = await runLab(['list'], { LAB_CURRICULUM: `${FIXTURES}/broken-curriculum` });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/02-broken\/exercise\.json: criteria\.0\.difficulty: .*(<=5|too big)/i);
  });
});

test('a grader test outside criterion() is an internal error with a stable code, exit 70', async () => {
  const run = await runLab(['verify', '1', '--solution'], { LAB_CURRICULUM: `${FIXTURES}/untagged-curriculum` });
  expect(run.code).toBe(70);
  expect(run.stderr).toMatch(
    /internal error GRADER_UNTAGGED: .*tests outside criterion\(\): \(untagged\) a test outside criterion\(\)/,
  );
});

test('a program whose packages are not installed cannot start: exit 3, and what to run', async () => {
  const run = await runLab(['verify', '1', '--dir', `${FIXTURES}/learners/needs-package`]);
  expect(run.code).toBe(3);
  expect(run.stderr).toMatch(/your program cannot start: lab-fixture-package-that-is-not-installed is not installed/);
  expect(run.stderr).toMatch(/Run `npm install`/);
});
