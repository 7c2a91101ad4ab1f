/** Quiet time after the last file event before a re-run: one save often fires several events. */
export const DEFAULT_DEBOUNCE_MS = 300;

/**
 * Collects changed paths and hands them over once no new change came for `delayMs`, so an
 * editor's write-rename-chmod burst, or a "save all", makes one re-run instead of several.
 */
export function debounceChanges(delayMs: number, flush: (paths: readonly string[]) => void) {
  const paths = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  return {
    add(path: string) {
      paths.add(path);
      clearTimeout(timer);
      timer = setTimeout(() => {
        const changed = [...paths];
        paths.clear();
        flush(changed);
      }, delayMs);
    },
    cancel() {
      clearTimeout(timer);
      paths.clear();
    },
  };
}
