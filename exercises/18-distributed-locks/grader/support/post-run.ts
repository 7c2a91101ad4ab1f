import type { StartedLearnerService } from '../../../../harness/grading/grader-kit.ts';

/** POST /run's body (the contract). */
export interface RunBody {
  readonly lock: string;
  readonly iterations: number;
  readonly holdMs: number;
  readonly acquireTimeoutMs: number;
}

/** POST /run's answer (the contract). */
export interface RunAnswer {
  readonly acquired: number;
  readonly failed: number;
  readonly waitMs: number[];
  readonly holdMs: number[];
}

/** What was sent to which worker, for failure messages. */
export const describeRun = (worker: StartedLearnerService, body: RunBody): string =>
  `POST ${worker.url}/run ${JSON.stringify(body)} (instance ${worker.instance})`;

/**
 * Sends POST /run and checks the answer's shape; throws a message with what was sent, what came
 * back and the worker's last output lines.
 */
export async function postRun(worker: StartedLearnerService, body: RunBody, timeoutMs: number): Promise<RunAnswer> {
  const sent = describeRun(worker, body);
  const fail = (what: string): never => {
    throw new Error(
      `${sent}\n${what}\n  last lines of your program (${worker.instance}):\n${indent(worker.output(15))}`,
    );
  };
  let res: Response;
  try {
    res = await fetch(`${worker.url}/run`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    return fail(`got no answer within ${timeoutMs} ms: ${(error as Error).message}`);
  }
  const text = await res.text();
  if (res.status !== 200) return fail(`answered ${res.status} (expected 200): ${text.slice(0, 300)}`);
  let answer: Partial<RunAnswer>;
  try {
    answer = JSON.parse(text) as Partial<RunAnswer>;
  } catch {
    return fail(`answered something that is not JSON: ${text.slice(0, 300)}`);
  }
  const numbers = (v: unknown) => Array.isArray(v) && v.every((n) => typeof n === 'number');
  if (
    typeof answer.acquired !== 'number' ||
    typeof answer.failed !== 'number' ||
    !numbers(answer.waitMs) ||
    !numbers(answer.holdMs)
  ) {
    return fail(
      `answered ${text.slice(0, 300)}\n  expected {acquired: number, failed: number, waitMs: number[], holdMs: number[]}`,
    );
  }
  return answer as RunAnswer;
}

export const indent = (text: string): string =>
  (text || '(no output)')
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
