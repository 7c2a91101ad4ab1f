import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Folders that are never the learner's source: installed packages, lab's state, build and coverage output. */
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.lab', 'dist', 'build', 'coverage', '.turbo', '.next']);
const SKIPPED_FILES = new Set(['package-lock.json', 'pnpm-lock.yaml', 'yarn.lock', 'bun.lockb']);
const MAX_FILE_BYTES = 1024 * 1024;

/** A reference solution's `mutants/` (deliberate defects for `lab selftest`, secrets included) is lab's, not the program's. */
const isLabMutants = (dir: string, path: string): boolean =>
  path === join(dir, 'mutants') && readdirSync(path).some((name) => existsSync(join(path, name, 'mutant.json')));

/** Every file of the learner's folder that is theirs (paths relative to it), largest files left out. */
export function sourceFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name) && !isLabMutants(dir, path)) walk(path);
      } else if (entry.isFile() && !SKIPPED_FILES.has(entry.name) && statSync(path).size <= MAX_FILE_BYTES) {
        found.push(relative(dir, path));
      }
    }
  };
  walk(dir);
  return found.sort();
}
