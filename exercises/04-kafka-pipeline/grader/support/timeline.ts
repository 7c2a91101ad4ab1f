import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { lab } from '../../../../harness/grading/grader-kit.ts';

/**
 * What the grader did and saw, with the time since the criterion began: every fault (SIGKILL,
 * SIGSTOP, a database cut) is written to the criterion's log beside the program's output, and the
 * last lines go into failure messages, so a learner can line up their consumer's log with the faults.
 */
export class Timeline {
  private readonly lines: string[] = [];
  private readonly startedAt = performance.now();

  constructor(private readonly criterion: string) {}

  /** Records one step: what was done, or what was then observed. */
  note(text: string): void {
    const seconds = ((performance.now() - this.startedAt) / 1000).toFixed(1);
    const line = `+${seconds}s ${text}`;
    this.lines.push(line);
    try {
      appendFileSync(join(lab().logDir, `${this.criterion}.log`), `[grader] ${line}\n`);
    } catch {
      // The log is a convenience; the timeline still goes into failure messages.
    }
  }

  /** The last steps, for a failure message. */
  toString(): string {
    return `what the grader did and saw:\n  ${this.lines.slice(-30).join('\n  ')}`;
  }
}
