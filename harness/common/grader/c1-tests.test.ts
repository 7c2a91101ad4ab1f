import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { criterion, lab } from '../../grading/grader-kit.ts';
import { isIntegration, readJunit } from '../read-junit.ts';
import { checkFailure, runCheck } from '../run-check.ts';

const MIN_TESTS = 10;

criterion('C1', 'Tests', () => {
  test(`your test command passes with at least ${MIN_TESTS} tests, unit and integration`, async () => {
    const report = join(lab().workDir, 'c1-junit.xml');
    const result = await runCheck('test', { LAB_TEST_REPORT: report });
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
