import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { LabError } from '../errors.ts';
import { ALL_CRITERION_IDS } from '../manifest/exercise-schema.ts';
import type { Exercise } from '../manifest/load-exercise.ts';

/** solutions/NN-slug/mutants/<name>/mutant.json, beside mutant.patch (a unified diff against the solution). */
const mutantSchema = z.strictObject({
  /** The one criterion this defect must make fail. */
  targets: z.enum(ALL_CRITERION_IDS),
  /** The defect, in one sentence. */
  description: z.string().min(10),
});

export interface Mutant extends z.infer<typeof mutantSchema> {
  readonly name: string;
  /** mutant.patch: the defect, as a diff applied to a copy of the solution. */
  readonly patch: string;
}

export function loadMutants(exercise: Exercise): Mutant[] {
  const root = join(exercise.solutionDir, 'mutants');
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => {
      const file = join(root, entry.name, 'mutant.json');
      const parsed = mutantSchema.safeParse(existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
        throw new LabError(`${file}: ${issues.join('; ')}`);
      }
      const patch = join(root, entry.name, 'mutant.patch');
      if (!existsSync(patch)) throw new LabError(`${patch} is missing: a mutant is a patch of the solution`);
      return { ...parsed.data, name: entry.name, patch };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}
