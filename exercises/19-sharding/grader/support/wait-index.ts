import { call } from './kv-client.ts';

/** What GET /by-email/:email must come to say: the key (or undefined for "no key has it", a 404). */
export interface IndexExpectation {
  readonly email: string;
  readonly key: string | undefined;
}

export interface Convergence {
  readonly email: string;
  readonly expected: string | undefined;
  /** ms until it first said the expected thing, or undefined if it never did within the limit. */
  readonly ms: number | undefined;
  readonly last: string;
}

/** Polls each email every 50 ms (in parallel) until it answers as expected or `limitMs` passed. */
export async function waitForIndex(
  base: string,
  expectations: readonly IndexExpectation[],
  limitMs: number,
): Promise<Convergence[]> {
  const started = Date.now();
  return Promise.all(
    expectations.map(async ({ email, key }) => {
      let last = '';
      while (Date.now() - started <= limitMs) {
        const answer = await call<{ key?: string }>(base, 'GET', `/by-email/${encodeURIComponent(email)}`);
        last = `${answer.status} ${JSON.stringify(answer.body)}`;
        const ok = key === undefined ? answer.status === 404 : answer.status === 200 && answer.body?.key === key;
        if (ok) return { email, expected: key, ms: Date.now() - started, last };
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return { email, expected: key, ms: undefined, last };
    }),
  );
}

/** Lines for the emails that did not converge in time. */
export const lateOnes = (results: readonly Convergence[], boundMs: number): string[] =>
  results
    .filter((r) => r.ms === undefined || r.ms > boundMs)
    .slice(0, 5)
    .map(
      (r) =>
        `${r.email}: expected ${r.expected === undefined ? '404' : `key ${r.expected}`}, ` +
        `${r.ms === undefined ? `never within the limit; last answer ${r.last}` : `took ${r.ms} ms`}`,
    );
