import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { COMMON_CRITERION_IDS, CRITERION_IDS } from '../harness/manifest/exercise-schema.ts';
import { isGraded, loadCurriculum } from '../harness/manifest/load-exercise.ts';
import { applyMutant } from '../harness/selftest/apply-mutant.ts';
import { checkAgreement } from '../harness/selftest/check-agreement.ts';
import { loadMutants } from '../harness/selftest/load-mutants.ts';
import { runLab } from './run-lab.ts';

// The real curriculum (not the fixtures): every manifest valid, every graded project complete.
const curriculum = loadCurriculum();

describe('the curriculum', () => {
  test('has the 25 projects of the spec sheet, numbered 1 to 25', () => {
    expect(curriculum.map((e) => e.id)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
  });

  test.each(curriculum.map((e) => [e.folder, e] as const))('%s holds every criterion of the sheet', (_, exercise) => {
    // A graded project grades the sheet's common requirements too (docs/common-criteria.md).
    const common = isGraded(exercise) ? COMMON_CRITERION_IDS : [];
    expect(exercise.criteria.map((c) => c.id)).toEqual([...CRITERION_IDS, ...common]);
    expect(existsSync(join(exercise.dir, 'README.md'))).toBe(true);
    for (const c of exercise.criteria) expect(c.hints.length).toBeGreaterThan(0);
  });

  test.each(curriculum.filter(isGraded).map((e) => [e.folder, e] as const))(
    'graded %s has a starter with TODOs, a solution, mutants, and agrees with its grader',
    (_, exercise) => {
      const mutants = loadMutants(exercise);
      expect(checkAgreement(exercise, mutants)).toEqual([]);
      for (const mutant of mutants) applyMutant(mutant, exercise.solutionDir, { check: true });
      expect(existsSync(exercise.solutionDir)).toBe(true);
      const starterSources = readdirSync(join(exercise.starterDir, 'src')).map((f) =>
        readFileSync(join(exercise.starterDir, 'src', f), 'utf8'),
      );
      expect(starterSources.join('\n')).toMatch(/TODO/);
    },
  );

  test('lab list --json shows all 25 projects with their status', async () => {
    const run = await runLab(['list', '--json'], { LAB_CURRICULUM: join(import.meta.dirname, '..') });
    expect(run.code).toBe(0);
    const { projects } = JSON.parse(run.stdout) as { projects: { id: number; graded: boolean; status: string }[] };
    expect(projects).toHaveLength(25);
    expect(projects.find((p) => p.id === 25)).toMatchObject({ graded: true });
    expect(projects.find((p) => p.id === 1)).toMatchObject({ graded: true, status: 'not started' });
    expect(projects.find((p) => p.id === 24)).toMatchObject({ graded: false, status: 'not started' });
  });

  test('verifying a project whose grader is not written says so, exit 2, nothing passed', async () => {
    const run = await runLab(['verify', '24', '--json'], { LAB_CURRICULUM: join(import.meta.dirname, '..') });
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toEqual({
      error: expect.objectContaining({ message: expect.stringMatching(/has no grader yet/) }),
    });
  });
});
