import type { Sink } from './sink.ts';
import { waitWhileProgressing } from './wait-while-progressing.ts';

/**
 * Waits until every id took effect at the sink; gives up after `stallMs` without any new call at the
 * sink (the workers stopped making progress), or after `timeoutMs`. Says how it ended, for messages.
 */
export async function waitForEffects(
  sink: Sink,
  ids: readonly string[],
  options: { readonly timeoutMs: number; readonly stallMs: number },
): Promise<{ readonly done: boolean; readonly why: string }> {
  const ended = await waitWhileProgressing(
    () => sink.missing(ids).length === 0,
    () => sink.events().length,
    { ...options, intervalMs: 100 },
  );
  const why =
    ended === 'done'
      ? ''
      : ended === 'stalled'
        ? ` (the sink got no call for ${options.stallMs / 1000} s)`
        : ` (after ${options.timeoutMs / 1000} s)`;
  return { done: ended === 'done', why };
}
