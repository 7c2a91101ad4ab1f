import { sep } from 'node:path';

/**
 * Folders whose changes never re-run a watch: installed packages, lab's own state (it writes
 * `.lab/last-verify.json` after every run, which would otherwise loop), version control, and
 * build or coverage output the learner's tools write while they work.
 */
export const IGNORED_FOLDERS: ReadonlySet<string> = new Set([
  'node_modules',
  '.lab',
  '.git',
  'dist',
  'build',
  'coverage',
  '.turbo',
  '.cache',
  '__pycache__',
  'target',
]);

/** Files editors write beside the one being saved: vim swap and probe files, emacs locks, backups. */
const EDITOR_FILE = [
  /\.sw[a-p]x?$/, // vim swap: .swp, .swo, .swx …
  /^4913$/, // vim checks it can write a folder with this name
  /~$/, // backups (vim, emacs, gedit)
  /^\.#/, // emacs lock
  /^#.*#$/, // emacs auto-save
  /___jb_(tmp|old)___$/, // JetBrains safe write
  /^\.DS_Store$/,
];

/** Whether a change to this path (relative to the watched folder) should be ignored. */
export function isIgnoredPath(relativePath: string): boolean {
  const parts = relativePath.split(/[\\/]/).filter(Boolean);
  if (parts.some((part) => IGNORED_FOLDERS.has(part))) return true;
  const name = parts.at(-1) ?? '';
  return EDITOR_FILE.some((pattern) => pattern.test(name));
}

/** `a/b/c.ts` on every platform, for messages. */
export const displayPath = (relativePath: string): string => relativePath.split(sep).join('/');
