import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { z } from 'zod';
import { commonCriteria } from '../common/common-criteria.ts';
import { LabError } from '../errors.ts';
import { EXERCISES_DIR, folderName, SOLUTIONS_DIR } from '../paths.ts';
import { type CriterionSpec, type ExerciseManifest, exerciseSchema } from './exercise-schema.ts';

/** A validated manifest plus where its parts live. */
export interface Exercise extends Omit<ExerciseManifest, 'criteria'> {
  /** The manifest's R1–B3, then the common criteria C1–C6 when the project has `common` and the class keeps them. */
  readonly criteria: readonly CriterionSpec[];
  readonly folder: string;
  readonly dir: string;
  readonly manifestPath: string;
  readonly graderDir: string;
  readonly starterDir: string;
  readonly solutionDir: string;
  /** Grader files, absolute paths; empty while the grader is not written yet. */
  readonly graderFiles: readonly string[];
}

/** Loads and validates one `exercises/NN-slug/exercise.json`; errors name the file, the field and the problem. */
export function loadExercise(dir: string): Exercise {
  const manifestPath = join(dir, 'exercise.json');
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(manifestPath, 'utf8'));
  } catch (error) {
    throw new LabError(`${manifestPath}: ${(error as Error).message}`, {
      next: 'Fix the JSON syntax of the manifest.',
    });
  }
  const parsed = exerciseSchema.safeParse(raw);
  if (!parsed.success) throw new LabError(`${manifestPath}: ${formatIssues(parsed.error)}`);
  const manifest = parsed.data;
  const folder = folderName(manifest);
  if (basename(dir) !== folder) {
    throw new LabError(`${manifestPath}: id and slug say "${folder}" but the folder is "${basename(dir)}"`);
  }
  const graderDir = join(dir, 'grader');
  const ownGraderFiles = existsSync(graderDir)
    ? readdirSync(graderDir)
        .filter((file) => file.endsWith('.test.ts'))
        .sort()
        .map((file) => join(graderDir, file))
    : [];
  // Common criteria ride along with a project's own grader: a project with none is not graded at all.
  const common = manifest.common && ownGraderFiles.length > 0 ? commonCriteria() : [];
  return {
    ...manifest,
    criteria: [...manifest.criteria, ...common.map((c) => c.spec)],
    folder,
    dir,
    manifestPath,
    graderDir,
    starterDir: join(dir, 'starter'),
    solutionDir: join(SOLUTIONS_DIR, folder),
    graderFiles: [...ownGraderFiles, ...common.map((c) => c.graderFile)],
  };
}

/** Every exercise, by id. */
export function loadCurriculum(root = EXERCISES_DIR): readonly Exercise[] {
  return readdirSync(root)
    .filter((name) => /^\d\d-/.test(name) && statSync(join(root, name)).isDirectory())
    .map((name) => loadExercise(join(root, name)))
    .sort((a, b) => a.id - b.id);
}

/** Finds an exercise by number (`25`, `025`) or slug (`data-lake`, `25-data-lake`). */
export function findExercise(ref: string, curriculum: readonly Exercise[] = loadCurriculum()): Exercise {
  const wanted = ref.trim().toLowerCase();
  const byNumber = /^\d+$/.test(wanted) ? curriculum.find((e) => e.id === Number(wanted)) : undefined;
  const found = byNumber ?? curriculum.find((e) => e.slug === wanted || e.folder === wanted);
  if (!found) {
    throw new LabError(`there is no project "${ref}"`, {
      next: `Use a number from 1 to ${curriculum.length} or a slug; \`lab list\` shows them all.`,
    });
  }
  return found;
}

export const isGraded = (exercise: Exercise): boolean => exercise.graderFiles.length > 0;

const formatIssues = (error: z.ZodError): string =>
  error.issues.map((issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`).join('; ');
