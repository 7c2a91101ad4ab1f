import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { criterion, lab } from '../../grading/grader-kit.ts';
import { checkFailure, runCheck } from '../run-check.ts';
import { sourceFiles } from '../source-files.ts';

/** A suppression with nothing after it on its line: an exception nobody documented. */
const BARE_SUPPRESSION = /@ts-(ignore|expect-error|nocheck)\s*(\*\/\s*)?$/;

criterion('C4', 'Types', () => {
  test('your type check passes', async () => {
    const result = await runCheck('typecheck');
    expect(result.exitCode === 0 && !result.timedOut, checkFailure('typecheck', result)).toBe(true);
  });

  test('every type-check suppression says why', () => {
    const dir = lab().programDir;
    const bare = sourceFiles(dir)
      .filter((file) => /\.(c|m)?tsx?$/.test(file))
      .flatMap((file) =>
        readFileSync(join(dir, file), 'utf8')
          .split('\n')
          .flatMap((line, i) => (BARE_SUPPRESSION.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])),
      );
    expect(bare, `suppressions without a reason (write \`// @ts-expect-error <why>\`):\n${bare.join('\n')}`).toEqual(
      [],
    );
  });
});
