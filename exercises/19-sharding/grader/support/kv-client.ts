/** What one HTTP call to the service returned, and how long it took. */
export interface Answer<T = unknown> {
  readonly status: number;
  readonly body: T;
  readonly ms: number;
  /** Set when no HTTP answer came at all (connection refused, reset, timeout). */
  readonly error?: string;
}

/** One JSON request; never throws: a network failure is an Answer with status 0. */
export async function call<T = unknown>(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  timeoutMs = 15_000,
): Promise<Answer<T>> {
  const started = performance.now();
  try {
    const response = await fetch(`${base}${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {}
    return { status: response.status, body: parsed as T, ms: performance.now() - started };
  } catch (error) {
    return { status: 0, body: undefined as T, ms: performance.now() - started, error: (error as Error).message };
  }
}

const path = (key: string) => `/kv/${encodeURIComponent(key)}`;

/** What the kv routes answer (200 bodies and 503 {error, shard} alike). */
export interface KvBody {
  readonly key?: string;
  readonly shard?: string;
  readonly version?: number;
  readonly value?: unknown;
  readonly email?: string | null;
  readonly stale?: boolean;
  readonly error?: string;
}

export const putKey = (base: string, key: string, value: unknown, email?: string | null): Promise<Answer<KvBody>> =>
  call<KvBody>(base, 'PUT', path(key), email === undefined ? { value } : { value, email });
export const getKey = (base: string, key: string, timeoutMs?: number): Promise<Answer<KvBody>> =>
  call<KvBody>(base, 'GET', path(key), undefined, timeoutMs);
export const deleteKey = (base: string, key: string): Promise<Answer<KvBody>> =>
  call<KvBody>(base, 'DELETE', path(key));

/** Runs `work` over `items` with at most `concurrency` in flight, keeping the order of results. */
export async function inParallel<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  return results;
}

/** Describes an unexpected answer in one line: what was asked and what came back. */
export const describeAnswer = (what: string, answer: Answer): string =>
  `${what} → ${answer.status === 0 ? `no answer (${answer.error})` : `${answer.status} ${JSON.stringify(answer.body)}`} after ${Math.round(answer.ms)} ms`;
