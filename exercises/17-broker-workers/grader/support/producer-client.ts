import type { StartedLearnerService } from '../../../../harness/grading/grader-kit.ts';

/** A work or flaky task as the contract defines it. */
export interface Task {
  readonly id: string;
  readonly kind: string;
  readonly durationMs?: number;
  readonly failTimes?: number;
  readonly priority?: number;
  readonly delayMs?: number;
}

export interface Answer {
  readonly status: number;
  readonly body: unknown;
  readonly ms: number;
  /** `POST /tasks {…} → 202 {…} in 12 ms`, for failure messages. */
  readonly shown: string;
}

const clip = (text: string, max = 200) => (text.length > max ? `${text.slice(0, max)}…` : text);

/** The grader's client of the producer's HTTP API; a request that gets no answer at all is status 0. */
export function producerClient(producer: Pick<StartedLearnerService, 'url'>) {
  const call = async (method: string, path: string, body: unknown, timeoutMs: number): Promise<Answer> => {
    const started = performance.now();
    const sent = body === undefined ? '' : ` ${clip(JSON.stringify(body))}`;
    try {
      const response = await fetch(producer.url + path, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await response.text();
      const ms = Math.round(performance.now() - started);
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {}
      return {
        status: response.status,
        body: parsed,
        ms,
        shown: `${method} ${path}${sent} → ${response.status} ${clip(text)} in ${ms} ms`,
      };
    } catch (error) {
      const ms = Math.round(performance.now() - started);
      return {
        status: 0,
        body: undefined,
        ms,
        shown: `${method} ${path}${sent} → no answer after ${ms} ms (${(error as Error).message})`,
      };
    }
  };
  return {
    postTask: (task: Task, timeoutMs = 15_000) => call('POST', '/tasks', task, timeoutMs),
    postBatch: (tasks: readonly Task[], timeoutMs = 60_000) => call('POST', '/tasks/batch', tasks, timeoutMs),
    get: (path: string, timeoutMs = 10_000) => call('GET', path, undefined, timeoutMs),
    /** Posts the tasks one by one, `concurrency` at a time; the answers in task order. */
    async postEach(tasks: readonly Task[], concurrency = 16): Promise<Answer[]> {
      const answers: Answer[] = new Array(tasks.length);
      let next = 0;
      const lane = async () => {
        while (next < tasks.length) {
          const i = next++;
          answers[i] = await call('POST', '/tasks', tasks[i], 15_000);
        }
      };
      await Promise.all(Array.from({ length: concurrency }, lane));
      return answers;
    },
    /** POST /tasks/batch in chunks; throws with the answer unless every chunk got 202. */
    async publish(tasks: readonly Task[], chunk = 200): Promise<void> {
      for (let i = 0; i < tasks.length; i += chunk) {
        const answer = await call('POST', '/tasks/batch', tasks.slice(i, i + chunk), 60_000);
        if (answer.status !== 202) {
          throw new Error(
            `the grader publishes its tasks through POST /tasks/batch, which must answer 202 {confirmed: n}:\n  ${answer.shown}`,
          );
        }
      }
    },
  };
}
export type ProducerClient = ReturnType<typeof producerClient>;

/** `count` work tasks `<prefix>-0…`, each taking `durationMs` in the worker. */
export const workTasks = (prefix: string, count: number, durationMs = 0): Task[] =>
  Array.from({ length: count }, (_, i) => ({ id: `${prefix}-${i}`, kind: 'work', durationMs }));
