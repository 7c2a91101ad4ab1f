import type { StartedLearnerService } from '../../../../harness/grading/grader-kit.ts';
import { sleep, waitUntil } from '../../../../harness/grading/grader-kit.ts';
import type { Sink } from './sink.ts';

/**
 * SIGKILLs `worker` in the middle of a task: right after the sink received one of its attempts and
 * before that task's effect (the worker is inside its `durationMs`), never in the instant between an
 * effect and the worker recording it — no handler can make that instant idempotent, so a fair grader
 * does not kill there. Returns the task it was working on, or undefined if it never got one.
 */
export async function killMidTask(
  worker: StartedLearnerService,
  sink: Sink,
  timeoutMs = 5_000,
): Promise<string | undefined> {
  let victim: string | undefined;
  const found = await waitUntil(
    () => {
      const mine = sink.events().filter((e) => e.workerId === worker.instance);
      const last = mine.at(-1);
      if (last?.kind !== 'attempt' || Date.now() - last.at > 40) return false;
      victim = last.taskId;
      return true;
    },
    timeoutMs,
    5,
  );
  if (!found) return undefined;
  await sleep(15);
  await worker.kill9();
  return victim;
}
