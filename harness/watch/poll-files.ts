import { type Dirent, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isIgnoredPath } from './ignored-path.ts';

/** What polling compares: a file changed when its mtime or its size did. */
type Snapshot = ReadonlyMap<string, string>;

/** How often polling looks; a save is seen within about this long (plus the debounce). */
export const POLL_INTERVAL_MS = 500;

/**
 * Watches a folder by comparing every file's mtime and size every `intervalMs`: slower than file
 * events but works where they are unreliable (network and container mounts, some VMs). Reports
 * created, changed and deleted files, relative to `dir`; ignored folders are not even walked.
 */
export function pollFiles(
  dir: string,
  onChange: (relativePath: string) => void,
  intervalMs = POLL_INTERVAL_MS,
): { close(): void } {
  let previous = snapshot(dir);
  const timer = setInterval(() => {
    const current = snapshot(dir);
    for (const [path, stamp] of current) if (previous.get(path) !== stamp) onChange(path);
    for (const path of previous.keys()) if (!current.has(path)) onChange(path);
    previous = current;
  }, intervalMs);
  return { close: () => clearInterval(timer) };
}

function snapshot(root: string): Snapshot {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // removed while we walked: the next round sees it
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      const rel = relative(root, path);
      if (isIgnoredPath(rel)) continue;
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) {
        try {
          const stat = statSync(path);
          files.set(rel, `${stat.mtimeMs}:${stat.size}`);
        } catch {
          // removed between readdir and stat
        }
      }
    }
  };
  walk(root);
  return files;
}
