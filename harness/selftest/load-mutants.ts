import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { LabError } from '../errors.ts';
import { CRITERION_IDS } from '../manifest/exercise-schema.ts';
import type { Exercise } from '../manifest/load-exercise.ts';

/** solutions/NN-slug/mutants/<name>/mutant.json; the folder's other files overlay the solution. */
const mutantSchema = z.strictObject({
  /** The one criterion this defect must make fail. */
  targets: z.enum(CRITERION_IDS),
  /** The defect, in one sentence. */
  description: z.string().min(10),
});

export interface Mutant extends z.infer<typeof mutantSchema> {
  readonly name: string;
  readonly dir: string;
}

export function loadMutants(exercise: Exercise): Mutant[] {
  const root = join(exercise.solutionDir, 'mutants');
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => {
      const file = join(root, entry.name, 'mutant.json');
      const parsed = mutantSchema.safeParse(existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined);
      if (!parsed.success)
        throw new LabError(
          `${file}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`,
        );
      return { ...parsed.data, name: entry.name, dir: join(root, entry.name) };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}
