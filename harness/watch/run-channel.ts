import type { VerifyEvent } from '../grading/run-grader.ts';

/**
 * The events of one run, for a view that may subscribe after the first ones were sent (ink mounts
 * its effects asynchronously, and services report progress at once): it replays what it missed.
 */
export function runChannel() {
  const sent: VerifyEvent[] = [];
  let listener: ((event: VerifyEvent) => void) | undefined;
  return {
    send(event: VerifyEvent) {
      sent.push(event);
      listener?.(event);
    },
    subscribe(next: (event: VerifyEvent) => void) {
      listener = next;
      for (const event of sent) next(event);
    },
  };
}
