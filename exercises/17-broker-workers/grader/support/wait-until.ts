const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `check` every `intervalMs` until it returns true or `timeoutMs` has passed; says which.
 * Graders wait for what they can observe (effects at the sink, queue depths) rather than sleeping.
 */
export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs: number, intervalMs = 100) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() >= deadline) return false;
    await sleep(intervalMs);
  }
}

export { sleep };

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
