import { type FSWatcher, watch } from 'node:fs';
import { isIgnoredPath } from './ignored-path.ts';
import { pollFiles } from './poll-files.ts';

/** `events`: the OS tells us (inotify through fs.watch); `poll`: we compare mtimes and sizes. */
export type WatchMode = 'events' | 'poll';

export interface FileWatcher {
  readonly mode: WatchMode;
  close(): void;
}

export interface WatchFilesOptions {
  /** Force polling (`--poll`, `LAB_WATCH_POLL=1`). */
  readonly poll?: boolean;
  /** A file (relative to the folder) was created, changed or removed; ignored paths never arrive. */
  readonly onChange: (relativePath: string) => void;
  /** File events failed after they had started: the watcher polls from now on. */
  readonly onFallback?: () => void;
  /** Polling interval, for tests; default 500 ms. */
  readonly pollIntervalMs?: number;
}

/**
 * Watches a program folder recursively, with `fs.watch` (Node 20 supports `recursive` on Linux),
 * and falls back to polling when asked to or when the platform refuses file events (fs.watch
 * throws: no inotify watches left, unsupported file system) or stops delivering them (an error).
 */
export function watchFiles(dir: string, options: WatchFilesOptions): FileWatcher {
  const report = (path: string) => {
    if (!isIgnoredPath(path)) options.onChange(path);
  };
  const polling = () => ({ mode: 'poll' as const, ...pollFiles(dir, report, options.pollIntervalMs) });
  if (options.poll) return polling();
  let watcher: FSWatcher;
  try {
    // No filename (some platforms) means "something changed here": report the folder itself.
    watcher = watch(dir, { recursive: true }, (_event, filename) => report(filename ? String(filename) : '.'));
  } catch {
    return polling();
  }
  let current: FileWatcher = { mode: 'events', close: () => watcher.close() };
  watcher.on('error', () => {
    watcher.close();
    current = polling();
    options.onFallback?.();
  });
  return {
    get mode() {
      return current.mode;
    },
    close: () => current.close(),
  };
}
