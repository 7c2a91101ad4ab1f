import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { criterion, type FreshDatabase, freshDatabase, lab } from '../../grading/grader-kit.ts';
import { isIntegration, readJunit } from '../read-junit.ts';
import { checkFailure, runCheck } from '../run-check.ts';

const MIN_TESTS = 10;

/**
 * The tests get data of their own: a database beside the run's and a key prefix of their own. They
 * run while C5 grades an instance of the program on the run's data, and a suite that resets what
 * it finds (project 10's resets its app role's password) must not pull it from under that instance.
 */
async function ownData(): Promise<{ env: Record<string, string>; database?: FreshDatabase }> {
  const ctx = lab();
  const env: Record<string, string> = {};
  if (ctx.env.KEY_PREFIX) env.KEY_PREFIX = `${ctx.env.KEY_PREFIX}c1:`;
  if (!ctx.services.some((s) => s.name === 'postgres')) return { env };
  const database = await freshDatabase('c1');
  return { env: { ...env, DATABASE_URL: database.url }, database };
}

criterion('C1', 'Tests', () => {
  let database: FreshDatabase | undefined;
  afterAll(() => database?.drop());

  test(`your test command passes with at least ${MIN_TESTS} tests, unit and integration`, async () => {
    const report = join(lab().workDir, 'c1-junit.xml');
    const own = await ownData();
    database = own.database;
    const result = await runCheck('test', { ...own.env, LAB_TEST_REPORT: report });
    expect(result.exitCode === 0 && !result.timedOut, checkFailure('test', result)).toBe(true);
    expect(
      existsSync(report),
      `your test command passed but wrote no JUnit report to $LAB_TEST_REPORT (${report}); the starter's vitest.config.ts adds vitest's junit reporter when the variable is set`,
    ).toBe(true);
    const cases = readJunit(readFileSync(report, 'utf8'));
    const failed = cases.filter((c) => c.state === 'failed');
    expect(
      failed.map((c) => `${c.location} › ${c.name}`),
      'tests failed in your JUnit report',
    ).toEqual([]);
    const passed = cases.filter((c) => c.state === 'passed');
    const integration = passed.filter(isIntegration);
    const counts = `${passed.length} passed: ${passed.length - integration.length} unit, ${integration.length} integration`;
    expect(
      passed.length,
      `at least ${MIN_TESTS} passing tests are needed; your report has ${counts}`,
    ).toBeGreaterThanOrEqual(MIN_TESTS);
    expect(
      integration.length,
      `no integration test passed (${counts}): put tests that use the real services under test/integration/`,
    ).toBeGreaterThan(0);
    expect(integration.length, `every test is an integration test (${counts}): add unit tests too`).toBeLessThan(
      passed.length,
    );
  });
});
