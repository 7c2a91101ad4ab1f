import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { isIgnoredPath } from '../../harness/watch/ignored-path.ts';
import { type FileWatcher, watchFiles } from '../../harness/watch/watch-files.ts';

// The file watching under `lab watch`, on the real file system: inotify through fs.watch, and polling.
let dir = '';
let watcher: FileWatcher | undefined;
afterEach(() => {
  watcher?.close();
  rmSync(dir, { recursive: true, force: true });
});

const IGNORED = ['node_modules/dep/index.js', '.lab/last-verify.json', '.git/index', 'dist/a.js', 'src/.a.ts.swp'];

/** Writes the ignored files and then `file` until `file` is reported (the watcher may still be arming). */
async function saveUntilSeen(changes: string[], file: string): Promise<void> {
  for (const deadline = Date.now() + 20_000; !changes.includes(file); ) {
    if (Date.now() > deadline) throw new Error(`${file} was never reported; reported: ${changes.join(', ')}`);
    for (const ignored of IGNORED) write(ignored);
    write(file);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

const write = (relative: string) => {
  mkdirSync(join(dir, relative, '..'), { recursive: true });
  writeFileSync(join(dir, relative), String(Math.random()));
};

describe.each([
  ['events', false],
  ['poll', true],
] as const)('watchFiles (%s)', (mode, poll) => {
  test('reports saves, in new folders too, and never an ignored path', async () => {
    dir = mkdtempSync(join(tmpdir(), 'lab-watch-files-'));
    write('src/a.ts');
    const changes: string[] = [];
    watcher = watchFiles(dir, { poll, pollIntervalMs: 100, onChange: (path) => changes.push(path) });
    expect(watcher.mode).toBe(mode);
    await saveUntilSeen(changes, 'src/a.ts');
    await saveUntilSeen(changes, 'src/new/b.ts');
    // File events also name the folders that were created; nothing else may come through.
    const saved = ['src/a.ts', 'src', 'src/new', 'src/new/b.ts'];
    expect(changes.filter((path) => !saved.includes(path))).toEqual([]);
  });
});

test('what a watch ignores: installed packages, lab state, VCS, build output, editor files', () => {
  for (const path of [...IGNORED, 'coverage/lcov.info', 'build/x', 'a.ts~', '.#a.ts', '#a.ts#', 'src/4913']) {
    expect(isIgnoredPath(path), path).toBe(true);
  }
  for (const path of ['src/a.ts', 'lab.config.json', 'package.json', 'src/builder.ts', 'distance.ts']) {
    expect(isIgnoredPath(path), path).toBe(false);
  }
});
