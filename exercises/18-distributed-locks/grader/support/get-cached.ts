import type { StartedLearnerService } from '../../../../harness/grading/grader-kit.ts';

/** One GET /cache/:key as the grader saw it. */
export interface CacheAnswer {
  readonly worker: string;
  readonly status: number;
  readonly body: { key?: unknown; value?: unknown; cached?: unknown } | string;
}

export async function getCached(worker: StartedLearnerService, key: string, timeoutMs = 20_000): Promise<CacheAnswer> {
  try {
    const res = await fetch(`${worker.url}/cache/${encodeURIComponent(key)}`, {
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    let body: CacheAnswer['body'] = text.slice(0, 200);
    try {
      body = JSON.parse(text) as CacheAnswer['body'];
    } catch {}
    return { worker: worker.instance, status: res.status, body };
  } catch (error) {
    return {
      worker: worker.instance,
      status: 0,
      body: `no answer within ${timeoutMs} ms: ${(error as Error).message}`,
    };
  }
}

export const cachedValue = (answer: CacheAnswer): unknown =>
  typeof answer.body === 'string' ? answer.body : answer.body.value;
