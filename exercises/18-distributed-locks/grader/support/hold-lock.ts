import type { Redis } from 'ioredis';
import type { StartedLearnerService } from '../../../../harness/grading/grader-kit.ts';
import { postRun, type RunAnswer } from './post-run.ts';

/**
 * Makes workers fail on purpose: lab itself holds `key` (as another client would) while each worker
 * tries `failures[i]` sections with a 150 ms acquireTimeoutMs, so every one of them must time out.
 */
export async function failWhileLabHolds(
  redis: Redis,
  key: string,
  workers: readonly StartedLearnerService[],
  lock: string,
  failures: readonly number[],
): Promise<{ answers: RunAnswer[]; sent: string }> {
  await redis.set(key, 'held-by-lab', 'PX', 10_000);
  try {
    const answers = await Promise.all(
      workers.map((w, i) =>
        postRun(w, { lock, iterations: failures[i] ?? 0, holdMs: 5, acquireTimeoutMs: 150 }, 15_000),
      ),
    );
    const sent =
      `while lab held ${key} itself, POST /run {lock: "${lock}", acquireTimeoutMs: 150} to ` +
      workers.map((w, i) => `${w.instance} (iterations: ${failures[i]})`).join(', ');
    return { answers, sent };
  } finally {
    await redis.del(key);
  }
}
