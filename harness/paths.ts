import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The lab checkout: exercises, solutions and node_modules live here. */
export const LAB_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Holds exercises/ and solutions/; `LAB_CURRICULUM` points lab at another one (lab's own tests use fixtures). */
export const CURRICULUM_ROOT = resolve(process.env.LAB_CURRICULUM ?? LAB_ROOT);
export const EXERCISES_DIR = join(CURRICULUM_ROOT, 'exercises');
export const SOLUTIONS_DIR = join(CURRICULUM_ROOT, 'solutions');
/** Scratch space of runs and caches; inside the checkout so copied programs resolve lab's node_modules. */
export const STATE_DIR = join(LAB_ROOT, '.lab');

/** Where learners' projects live: `LAB_WORKSPACE` or `<lab>/workspace`. */
export const workspaceDir = (): string => resolve(process.env.LAB_WORKSPACE ?? join(LAB_ROOT, 'workspace'));

/** `25` + `data-lake` → `25-data-lake`. */
export const folderName = (exercise: { id: number; slug: string }): string =>
  `${String(exercise.id).padStart(2, '0')}-${exercise.slug}`;
