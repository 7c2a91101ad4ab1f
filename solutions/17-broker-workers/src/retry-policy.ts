/** What happens to a task whose attempt number `attempt` (1 = first) failed. */
export type AfterFailure = { readonly action: 'retry'; readonly delayMs: number } | { readonly action: 'dead-letter' };

/**
 * Retries up to `maxRetries` times, waiting `delaysMs[n-1]` before retry n (the last delay repeats
 * when there are more retries than delays); after that the task is dead-lettered (R3, B2).
 */
export function afterFailure(attempt: number, maxRetries: number, delaysMs: readonly number[]): AfterFailure {
  if (attempt > maxRetries || delaysMs.length === 0) return { action: 'dead-letter' };
  const delayMs = delaysMs[Math.min(attempt, delaysMs.length) - 1] as number;
  return { action: 'retry', delayMs };
}
