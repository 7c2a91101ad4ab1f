import type { StartedLearnerService } from '../../../../harness/grading/grader-kit.ts';
import { postRun, type RunAnswer, type RunBody } from './post-run.ts';

/** Every worker's POST /run of one contention run, sent at once. */
export interface ContentionRun {
  readonly bodies: readonly RunBody[];
  readonly answers: readonly RunAnswer[];
  /** What was sent, for failure messages. */
  readonly sent: string;
}

/**
 * Sends POST /run to every worker at the same time, `iterations[i]` sections for worker i, all on one
 * lock, and waits for every answer.
 */
export async function contentionRun(
  workers: readonly StartedLearnerService[],
  lock: string,
  iterations: readonly number[],
  holdMs: number,
  timeoutMs = 120_000,
): Promise<ContentionRun> {
  const bodies = workers.map((_, i) => ({ lock, iterations: iterations[i] ?? 0, holdMs, acquireTimeoutMs: 60_000 }));
  const answers = await Promise.all(workers.map((w, i) => postRun(w, bodies[i] as RunBody, timeoutMs)));
  const sent = `POST /run {lock: "${lock}", holdMs: ${holdMs}, acquireTimeoutMs: 60000} to ${workers
    .map((w, i) => `${w.instance} (iterations: ${iterations[i]})`)
    .join(', ')}, all at once`;
  return { bodies, answers, sent };
}
