import autocannon from 'autocannon';
import { InternalError } from '../errors.ts';

/** One load run of autocannon, driven in-process. */
export interface LoadOptions {
  readonly url: string;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly connections: number;
  readonly durationSeconds: number;
  /** Stops the load early (Ctrl-C, the program exited); the partial run is returned. */
  readonly signal?: AbortSignal;
  /** Once a second: seconds elapsed and requests answered in that second. */
  readonly onTick?: (tick: { elapsedSeconds: number; lastSecondRequests: number }) => void;
}

export interface LoadRun {
  /** Per-request latencies in ms, sorted ascending. */
  readonly latencies: number[];
  readonly statusCodes: Record<string, number>;
  readonly errors: number;
  readonly timeouts: number;
  readonly durationSeconds: number;
  readonly startedAt: Date;
  readonly finishedAt: Date;
  readonly stoppedEarly: boolean;
}

/** Runs autocannon for `durationSeconds` and records every answer's latency from its 'response' events. */
export function runLoad(options: LoadOptions): Promise<LoadRun> {
  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  const startedAt = new Date();
  let stoppedEarly = false;
  return new Promise((resolve, reject) => {
    let elapsedSeconds = 0;
    const instance = autocannon(
      {
        url: options.url,
        method: options.method as autocannon.Request['method'],
        headers: { ...options.headers },
        ...(options.body === undefined ? {} : { body: options.body }),
        connections: options.connections,
        duration: options.durationSeconds,
      },
      (error, result) => {
        options.signal?.removeEventListener('abort', stop);
        if (error) {
          reject(new InternalError('BENCH_LOAD', `autocannon failed: ${(error as Error).message ?? error}`));
          return;
        }
        latencies.sort((a, b) => a - b);
        resolve({
          latencies,
          statusCodes,
          errors: result.errors,
          timeouts: result.timeouts,
          durationSeconds: result.duration,
          startedAt,
          finishedAt: new Date(),
          stoppedEarly,
        });
      },
    );
    const stop = () => {
      stoppedEarly = true;
      instance.stop();
    };
    if (options.signal?.aborted) stop();
    else options.signal?.addEventListener('abort', stop, { once: true });
    instance.on('response', (_client, statusCode: number, _bytes: number, responseTime: number) => {
      latencies.push(responseTime);
      statusCodes[statusCode] = (statusCodes[statusCode] ?? 0) + 1;
    });
    instance.on('tick', (tick?: { counter: number }) => {
      elapsedSeconds += 1;
      // autocannon ticks once more, with an empty counter, as it stops.
      if (elapsedSeconds > options.durationSeconds) return;
      options.onTick?.({ elapsedSeconds, lastSecondRequests: tick?.counter ?? 0 });
    });
  });
}
