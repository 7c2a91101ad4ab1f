import { cpSync, existsSync, mkdirSync, readdirSync, renameSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LabError } from '../errors.ts';
import type { Exercise } from '../manifest/load-exercise.ts';
import { workspaceProgramDir } from './learner-program.ts';

export interface StartedProject {
  readonly dir: string;
  /** Where the previous copy went when --force replaced it (nothing is lost). */
  readonly backup?: string;
}

/** Copies a project's starter into the workspace; never overwrites without `force`, and then backs up. */
export function startProject(exercise: Exercise, options: { dir?: string; force?: boolean }): StartedProject {
  if (!existsSync(exercise.starterDir)) {
    throw new LabError(`project ${exercise.id} (${exercise.title}) has no starter yet`, {
      next: `Its spec is in ${join(exercise.dir, 'README.md')}; \`lab list\` shows the projects you can start.`,
    });
  }
  const dir = options.dir ? resolve(options.dir) : workspaceProgramDir(exercise);
  let backup: string | undefined;
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    if (!options.force) {
      throw new LabError(`${dir} already exists: lab never overwrites your work`, {
        next: `Keep working there (\`lab verify ${exercise.id}\`), or pass --force to move it aside and start over.`,
      });
    }
    backup = `${dir}.backup-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(dir, backup);
  }
  mkdirSync(dir, { recursive: true });
  cpSync(exercise.starterDir, dir, { recursive: true });
  return { dir, ...(backup ? { backup } : {}) };
}
