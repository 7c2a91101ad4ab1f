import { execFileSync } from 'node:child_process';
import { dirname } from 'node:path';
import { LabError } from '../errors.ts';
import type { Mutant } from './load-mutants.ts';

/**
 * Applies a mutant's patch to a copy of the solution (`check`: only tries). A patch, not a copy of
 * whole files, so the defect reads at a glance and a solution that moved on makes it fail loudly.
 */
export function applyMutant(mutant: Mutant, dir: string, options: { check?: boolean } = {}): void {
  try {
    execFileSync('git', ['apply', ...(options.check ? ['--check'] : []), mutant.patch], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Outside any repository, git apply patches the folder it runs in, like patch(1).
      env: { ...process.env, GIT_CEILING_DIRECTORIES: dirname(dir) },
    });
  } catch (error) {
    const stderr = String((error as { stderr?: Buffer }).stderr ?? '').trim();
    throw new LabError(`mutant ${mutant.name} does not apply to the solution: ${stderr || (error as Error).message}`, {
      next: `Regenerate ${mutant.patch} against the current solution (diff -u).`,
    });
  }
}
