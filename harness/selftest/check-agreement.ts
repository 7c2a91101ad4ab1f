import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { criterionOfFile } from '../grading/criterion-reporter.ts';
import type { Exercise } from '../manifest/load-exercise.ts';
import type { Mutant } from './load-mutants.ts';

/**
 * Static agreement between a manifest and its grader, read from the files: every criterion has a
 * grader file, every grader file declares exactly the criterion its name says, every required
 * criterion has a mutant, and the starter carries TODOs. (Run-time tagging is checked by selftest.)
 */
export function checkAgreement(exercise: Exercise, mutants: readonly Mutant[]): string[] {
  const problems: string[] = [];
  for (const c of exercise.criteria) {
    if (!exercise.graderFiles.some((file) => criterionOfFile(file) === c.id)) {
      problems.push(`${c.id} has no grader file (expected grader/${c.id.toLowerCase()}-*.test.ts)`);
    }
    if (c.kind === 'required' && !mutants.some((m) => m.targets === c.id)) {
      problems.push(`${c.id} has no mutant in solutions/${exercise.folder}/mutants/ targeting it`);
    }
  }
  for (const file of exercise.graderFiles) {
    const declared = [...readFileSync(file, 'utf8').matchAll(/\bcriterion\(\s*'([A-Z]\d)'/g)].map((m) => m[1]);
    const expected = criterionOfFile(file);
    if (declared.length !== 1 || declared[0] !== expected) {
      problems.push(
        `${basename(file)} must declare exactly criterion('${expected}', …); it declares ${declared.join(', ') || 'none'}`,
      );
    }
  }
  return problems;
}
