import type { FlagsClient } from './http-client.ts';

/** What POST /evaluate answered for one context. */
export interface Evaluated {
  readonly status: number;
  readonly variant: unknown;
  readonly value: unknown;
  readonly reason: unknown;
  readonly shown: string;
}

export async function evaluate(
  client: FlagsClient,
  token: string,
  flagKey: string,
  userId: string,
  attributes: Record<string, unknown> = {},
): Promise<Evaluated> {
  const res = await client.post('/evaluate', { token, body: { flagKey, context: { userId, attributes } } });
  const body = (res.json ?? {}) as Record<string, unknown>;
  return { status: res.status, variant: body.variant, value: body.value, reason: body.reason, shown: res.shown };
}

/** Runs `work` over items with at most `limit` in flight (an instance is one process on a 2-core box). */
export async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Synthetic user ids, the same on every run: `user-0` … */
export const syntheticUsers = (count: number, prefix = 'user'): string[] =>
  Array.from({ length: count }, (_, i) => `${prefix}-${i}`);

/**
 * The variant of each user, through POST /evaluate/batch in chunks of 1,000 (10,000 single requests
 * would take a minute on a loaded 2-core machine and grade its speed, not its answers).
 */
export async function variantsOf(
  client: FlagsClient,
  token: string,
  flagKey: string,
  users: readonly string[],
): Promise<Map<string, Evaluated>> {
  const answers = new Map<string, Evaluated>();
  for (let start = 0; start < users.length; start += 1_000) {
    const chunk = users.slice(start, start + 1_000);
    const res = await client.post('/evaluate/batch', {
      token,
      body: { flagKey, contexts: chunk.map((userId) => ({ userId, attributes: {} })) },
      timeoutMs: 30_000,
    });
    const results = (res.json as { results?: Record<string, unknown>[] } | undefined)?.results;
    if (res.status !== 200 || !Array.isArray(results) || results.length !== chunk.length) {
      throw new Error(
        `POST /evaluate/batch {flagKey, contexts: [${chunk.length} contexts]} must answer 200 {results: [one {variant, value, reason} per context, in order]}\n  ${res.shown}`,
      );
    }
    chunk.forEach((user, i) => {
      const r = results[i] ?? {};
      answers.set(user, {
        status: 200,
        variant: r.variant,
        value: r.value,
        reason: r.reason,
        shown: `${user} → ${JSON.stringify(r)}`,
      });
    });
  }
  return answers;
}

/** The same users one request each through POST /evaluate, a few at a time. */
export async function singleVariantsOf(
  client: FlagsClient,
  token: string,
  flagKey: string,
  users: readonly string[],
): Promise<Map<string, Evaluated>> {
  const answers = await mapLimit(users, 8, (user) => evaluate(client, token, flagKey, user));
  return new Map(users.map((user, i) => [user, answers[i] as Evaluated]));
}

/** The first few users whose answers differ between two runs, for a failure message. */
export function differences(a: Map<string, Evaluated>, b: Map<string, Evaluated>, max = 5): string[] {
  const out: string[] = [];
  for (const [user, first] of a) {
    const second = b.get(user);
    if (second?.variant !== first.variant && out.length < max) {
      out.push(`${user}: ${String(first.variant)} then ${String(second?.variant)}`);
    }
  }
  return out;
}
