import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { criterion, lab } from '../../grading/grader-kit.ts';
import { readmeProblems } from '../readme-sections.ts';

criterion('C2', 'README', () => {
  test('README.md has an architecture diagram, dev and prod run steps and a runbook', () => {
    const file = join(lab().programDir, 'README.md');
    expect(existsSync(file), `your project has no README.md (${file})`).toBe(true);
    const problems = readmeProblems(readFileSync(file, 'utf8'));
    expect(problems, `README.md is missing:\n${problems.map((p) => `  - ${p}`).join('\n')}`).toEqual([]);
  });
});
