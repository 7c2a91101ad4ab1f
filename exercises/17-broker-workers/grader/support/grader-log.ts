import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { lab } from '../../../../harness/grading/grader-kit.ts';

/**
 * What the grader did and saw, in order and timed from the criterion's start: written to the
 * criterion's log beside the program's output (`[grader] +12.3 s docker restart …`) and quoted in
 * failure messages, so a learner can line up a fault with what their program printed.
 */
export function graderLog(criterionId: string) {
  const started = Date.now();
  const lines: string[] = [];
  const file = join(lab().logDir, `${criterionId}.log`);
  return {
    step(text: string): void {
      const line = `+${((Date.now() - started) / 1000).toFixed(1)} s ${text}`;
      lines.push(line);
      try {
        appendFileSync(file, `[grader] ${line}\n`);
      } catch {
        // The log is a convenience: a missing folder must not fail the criterion.
      }
    },
    /** The last steps, for a failure message. */
    told(count = 12): string {
      return `what the grader did and saw:\n  ${lines.slice(-count).join('\n  ')}`;
    },
  };
}
export type GraderLog = ReturnType<typeof graderLog>;
