import { sleep } from '../../../../harness/grading/grader-kit.ts';

/**
 * Polls `read` until `done` holds or `timeoutMs` passed; returns the last value either way, so the
 * caller's assertion says what was seen instead of a bare timeout.
 */
export async function waitFor<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs: number,
  everyMs = 500,
): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  let value = await read();
  while (!done(value) && performance.now() < deadline) {
    await sleep(everyMs);
    value = await read();
  }
  return value;
}

export { sleep };
