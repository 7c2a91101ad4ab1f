/**
 * Runs `use` with an AbortSignal that fires on Ctrl-C (SIGINT) or SIGTERM, so teardown runs and the
 * command exits 130 instead of dying mid-run. The listeners stay installed (`on`, not `once`) for the
 * whole run: signal-exit, inside testcontainers, re-raises a signal that has no other listener left.
 */
export async function withInterrupts<T>(use: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const abort = new AbortController();
  const onSignal = () => abort.abort();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await use(abort.signal);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
