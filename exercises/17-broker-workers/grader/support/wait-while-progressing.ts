import { sleep } from '../../../../harness/grading/grader-kit.ts';

/**
 * Waits until `done()`, but gives up once `progress()` — anything that changes while the program
 * works: events at the sink, a queue depth — has stayed the same for `stallMs`, and after `timeoutMs`
 * in any case. A program still working gets the whole time; one that stopped fails in seconds.
 */
export async function waitWhileProgressing(
  done: () => boolean | Promise<boolean>,
  progress: () => unknown | Promise<unknown>,
  options: { readonly timeoutMs: number; readonly stallMs: number; readonly intervalMs?: number },
): Promise<'done' | 'stalled' | 'timed out'> {
  const deadline = Date.now() + options.timeoutMs;
  let last = await progress();
  let changedAt = Date.now();
  for (;;) {
    if (await done()) return 'done';
    const now = Date.now();
    if (now >= deadline) return 'timed out';
    const current = await progress();
    if (current !== last) {
      last = current;
      changedAt = now;
    } else if (now - changedAt >= options.stallMs) return 'stalled';
    await sleep(options.intervalMs ?? 100);
  }
}
