import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { LabError } from '../errors.ts';
import { LAB_ROOT } from '../paths.ts';

/**
 * The packages a program's package.json depends on that Node cannot find from its folder. Inside
 * lab's checkout they resolve from lab's own node_modules (Node looks up the tree); elsewhere the
 * learner installs them.
 */
export function missingDependencies(dir: string): string[] {
  const manifest = join(dir, 'package.json');
  if (!existsSync(manifest)) return [];
  const { dependencies = {} } = JSON.parse(readFileSync(manifest, 'utf8')) as { dependencies?: Record<string, string> };
  return Object.keys(dependencies).filter((name) => !isInstalled(dir, name));
}

function isInstalled(from: string, name: string): boolean {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'node_modules', name, 'package.json'))) return true;
    if (dirname(dir) === dir) return false;
  }
}

/** Fails early, with the command to run, instead of every criterion failing on a missing package. */
export function assertDependenciesInstalled(dir: string): void {
  const missing = missingDependencies(dir);
  if (missing.length === 0) return;
  const outside = relative(LAB_ROOT, dir).startsWith('..');
  throw new LabError(
    `your program cannot start: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not installed for ${dir}`,
    {
      kind: 'learnerProgram',
      next: outside
        ? `This folder is outside lab's checkout, so lab's packages are not found from it: run \`npm install\` in ${dir}.`
        : `Run \`npm install\` in ${LAB_ROOT}.`,
    },
  );
}
