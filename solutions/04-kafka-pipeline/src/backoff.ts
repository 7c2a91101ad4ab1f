/** Delay before retry n (1-based): RETRY_BASE_MS × 2^(n-1), optionally capped. */
export function backoffDelay(retry: number, baseMs: number, capMs = Number.POSITIVE_INFINITY): number {
  return Math.min(baseMs * 2 ** (retry - 1), capMs);
}

/** Sum of the delays of retries 1..retries: the least time a poison message takes to reach the DLQ. */
export function totalBackoff(retries: number, baseMs: number): number {
  let total = 0;
  for (let n = 1; n <= retries; n++) total += backoffDelay(n, baseMs);
  return total;
}

/**
 * Waits `ms`, calling `beat` every second meanwhile, so a consumer group does not take the
 * partitions away from a member that is only backing off. A failed heartbeat (a rebalance) is
 * thrown on purpose: kafkajs then rejoins and the batch is delivered again, uncommitted.
 */
export async function sleepWithHeartbeat(ms: number, beat: () => Promise<void>): Promise<void> {
  const until = Date.now() + ms;
  for (let left = ms; left > 0; left = until - Date.now()) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(left, 1000)));
    await beat();
  }
}
