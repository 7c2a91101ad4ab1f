import { expect } from 'vitest';
import { parsePrometheusText } from '../../../../harness/grading/grader-kit.ts';
import type { FlagsClient } from './http-client.ts';

export interface CacheCounters {
  readonly hits: number;
  readonly misses: number;
}

/** flags_cache_hits_total and flags_cache_misses_total of one instance, summed over their labels. */
export async function cacheCounters(client: FlagsClient): Promise<CacheCounters> {
  const res = await client.get('/metrics');
  expect(res.status, `GET /metrics must answer 200 in Prometheus text format\n  ${res.shown}`).toBe(200);
  const { sums } = parsePrometheusText(res.text);
  const hits = sums.flags_cache_hits_total;
  const misses = sums.flags_cache_misses_total;
  expect(
    hits !== undefined && misses !== undefined,
    `GET /metrics must have flags_cache_hits_total and flags_cache_misses_total\n  ${res.shown}`,
  ).toBe(true);
  return { hits: hits ?? 0, misses: misses ?? 0 };
}

export const delta = (before: CacheCounters, after: CacheCounters): CacheCounters => ({
  hits: after.hits - before.hits,
  misses: after.misses - before.misses,
});
