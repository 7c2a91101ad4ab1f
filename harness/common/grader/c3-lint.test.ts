import { expect, test } from 'vitest';
import { criterion } from '../../grading/grader-kit.ts';
import { checkFailure, runCheck } from '../run-check.ts';

criterion('C3', 'Format and lint', () => {
  test('your lint command (format check and linter) runs clean', async () => {
    const result = await runCheck('lint');
    expect(result.exitCode === 0 && !result.timedOut, checkFailure('lint', result)).toBe(true);
  });
});
