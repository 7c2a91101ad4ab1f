import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { lab } from './grader-kit.ts';

/**
 * What the grader did and saw, timed from the criterion's start: every fault (a SIGKILL, a SIGSTOP,
 * a restarted broker, a cut database) and what followed it is written to the criterion's log beside
 * the program's output (`[grader] +12.3s SIGKILL r2-consumer`), and the last steps go into failure
 * messages, so a learner can line up their program's log with the faults.
 */
export class Timeline {
  private readonly lines: string[] = [];
  private readonly startedAt = performance.now();

  constructor(private readonly criterion: string) {}

  /** Records one step: what was done, or what was then observed. */
  note(text: string): void {
    const line = `+${((performance.now() - this.startedAt) / 1000).toFixed(1)}s ${text}`;
    this.lines.push(line);
    try {
      appendFileSync(join(lab().logDir, `${this.criterion}.log`), `[grader] ${line}\n`);
    } catch {
      // The log is a convenience: the steps still go into failure messages.
    }
  }

  /** The last `count` steps, for a failure message. */
  told(count = 30): string {
    return `what the grader did and saw:\n  ${this.lines.slice(-count).join('\n  ')}`;
  }

  toString(): string {
    return this.told();
  }
}
