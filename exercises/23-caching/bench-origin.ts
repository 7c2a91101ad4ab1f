import type { BenchHelper } from '../../harness/bench/bench-helpers.ts';
import { startSlowOrigin } from './grader/support/slow-origin.ts';

/** The origin's latency under `lab bench 23`: slow enough that a miss shows in the p95. */
const ORIGIN_DELAY_MS = 50;

/** `lab bench 23`'s ORIGIN_URL: the grader's slow origin, counting the GET calls the program makes. */
export async function startBenchHelper(): Promise<BenchHelper> {
  const origin = await startSlowOrigin(ORIGIN_DELAY_MS);
  return { url: origin.url, counters: () => ({ originCalls: origin.gets() }), close: origin.close };
}
