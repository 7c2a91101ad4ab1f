/** Runs an async step and returns its wall time in milliseconds. */
export async function timed(step: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await step();
  return performance.now() - started;
}
