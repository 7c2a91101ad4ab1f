import type { StartedLearnerService } from '../../../../harness/grading/grader-kit.ts';

/** One GET /items/:id as the grader saw it. */
export interface ItemAnswer {
  readonly instance: string;
  readonly status: number;
  /** The X-Cache header: L1, L2 or MISS (empty when absent). */
  readonly layer: string;
  readonly text: string;
  /** `value` of the parsed body (undefined when the body is not an item). */
  readonly value: unknown;
  readonly version: unknown;
}

const shortened = (text: string) => (text.length > 160 ? `${text.slice(0, 160)}… (${text.length} chars)` : text);

export async function getItem(instance: StartedLearnerService, id: string, timeoutMs = 20_000): Promise<ItemAnswer> {
  try {
    const res = await fetch(`${instance.url}/items/${encodeURIComponent(id)}`, {
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    let body: { value?: unknown; version?: unknown } = {};
    try {
      body = JSON.parse(text) as typeof body;
    } catch {}
    return {
      instance: instance.instance,
      status: res.status,
      layer: res.headers.get('x-cache') ?? '',
      text,
      value: body?.value,
      version: body?.version,
    };
  } catch (error) {
    const reason = `no answer within ${timeoutMs} ms: ${(error as Error).message}`;
    return { instance: instance.instance, status: 0, layer: '', text: reason, value: undefined, version: undefined };
  }
}

/** What a learner needs to see of an answer in a failure message. */
export const shown = (a: ItemAnswer) => ({
  instance: a.instance,
  status: a.status,
  'x-cache': a.layer,
  body: shortened(a.text),
});

export async function sendJson(
  url: string,
  method: 'PUT' | 'POST',
  body: unknown,
  timeoutMs = 20_000,
): Promise<{ status: number; text: string }> {
  try {
    const res = await fetch(url, {
      method,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    return { status: res.status, text: await res.text() };
  } catch (error) {
    return { status: 0, text: `no answer within ${timeoutMs} ms: ${(error as Error).message}` };
  }
}

export async function getJson<T>(url: string): Promise<{ status: number; body: T | undefined; text: string }> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(20_000) });
    const text = await res.text();
    let body: T | undefined;
    try {
      body = JSON.parse(text) as T;
    } catch {}
    return { status: res.status, body, text: shortened(text) };
  } catch (error) {
    return { status: 0, body: undefined, text: (error as Error).message };
  }
}
