import { afterAll, beforeAll, expect, test } from 'vitest';
import { criterion, type StartedLearnerService } from '../../../harness/grading/grader-kit.ts';
import { baseEnv, criterionPrefix, outputOf, startCacheInstance, stopInstances } from './support/cache-instances.ts';
import { getItem, shown } from './support/get-item.ts';
import { scrape } from './support/metrics.ts';
import { type SlowOrigin, startSlowOrigin } from './support/slow-origin.ts';
import { seededRandom, zipf } from './support/zipf.ts';
import { runZipfLoad, type ZipfLoad } from './support/zipf-load.ts';

const KEYS = 1_000;
const ZIPF_S = 1.1;
const SECONDS = 3;
const CONNECTIONS = 10;
/** The origin's latency during the measured runs (the warm-up runs with 2 ms, to stay short). */
const ORIGIN_DELAY_MS = 200;
const MIN_HIT_RATE = 0.85;
const MAX_P95_SHARE = 0.25;
const MAX_ORIGIN_SHARE = 0.15;
/** How far the hit rate on /metrics may be from the one lab observed (requests in flight at the edges). */
const METRICS_TOLERANCE = 0.03;

const keyOf = (rank: number) => `b3-${rank}`;
const workload = (seed: number) => {
  const draw = zipf(KEYS, ZIPF_S, seededRandom(seed));
  return () => keyOf(draw());
};
const round = (n: number, digits = 3) => Number(n.toFixed(digits));

criterion('B3', 'Metrics & dashboards', () => {
  const prefix = criterionPrefix('b3');
  let onOrigin: SlowOrigin;
  let offOrigin: SlowOrigin;
  let cached: StartedLearnerService;
  let baseline: StartedLearnerService;

  beforeAll(async () => {
    [onOrigin, offOrigin] = await Promise.all([startSlowOrigin(2), startSlowOrigin(ORIGIN_DELAY_MS)]);
    [cached, baseline] = await Promise.all([
      startCacheInstance('on', baseEnv(prefix, onOrigin.url, { CACHE_MODE: 'on' })),
      startCacheInstance('off', baseEnv(`${prefix}off:`, offOrigin.url, { CACHE_MODE: 'off' })),
    ]);
  });
  afterAll(async () => {
    await stopInstances([cached, baseline]);
    await Promise.all([onOrigin?.close(), offOrigin?.close()]);
  });

  test(`Zipf(${ZIPF_S}) over ${KEYS} keys, ${SECONDS} s each: the cache beats CACHE_MODE=off on hit rate, p95 and origin load, and /metrics agrees`, async () => {
    // Warm-up: every key read once through the cache, with a fast origin.
    for (let rank = 0; rank < KEYS; rank += 25) {
      const answers = await Promise.all(Array.from({ length: 25 }, (_, i) => getItem(cached, keyOf(rank + i))));
      const failed = answers.find((a) => a.status !== 200);
      if (failed)
        expect(shown(failed), `warm-up: GET /items/:id on CACHE_MODE=on\n${outputOf([cached])}`).toMatchObject({
          status: 200,
        });
    }
    onOrigin.setDelay(ORIGIN_DELAY_MS);

    const before = await scrape(cached);
    const onCallsBefore = onOrigin.gets();
    const on = await runZipfLoad(cached.url, workload(23), SECONDS, CONNECTIONS);
    const onCalls = onOrigin.gets() - onCallsBefore;
    const after = await scrape(cached);
    const offCallsBefore = offOrigin.gets();
    const off = await runZipfLoad(baseline.url, workload(23), SECONDS, CONNECTIONS);
    const offCalls = offOrigin.gets() - offCallsBefore;

    const summary = (load: ZipfLoad, calls: number) => ({
      answers: load.answers,
      non2xx: load.non2xx,
      errors: load.errors,
      p50Ms: load.p50,
      p95Ms: load.p95,
      originCalls: calls,
      originCallsPerRequest: load.answers ? round(calls / load.answers) : Number.NaN,
    });
    const observed = { cacheOn: summary(on, onCalls), cacheOff: summary(off, offCalls) };
    const story = `lab warmed the CACHE_MODE=on instance with every key, then ran autocannon (${CONNECTIONS} connections, ${SECONDS} s each, GET /items/:id, Zipf(${ZIPF_S}) over ${KEYS} keys, origin latency ${ORIGIN_DELAY_MS} ms) against CACHE_MODE=on and CACHE_MODE=off:\n${JSON.stringify(observed, null, 2)}`;

    expect(
      { on: [on.non2xx, on.errors], off: [off.non2xx, off.errors], answered: on.answers > 0 && off.answers > 0 },
      `${story}\nevery request must be answered with 2xx in both modes`,
    ).toEqual({ on: [0, 0], off: [0, 0], answered: true });
    // Requests still in flight when autocannon stops reached the origin but were never counted as answers.
    expect(
      Math.abs(offCalls - off.answers) <= 2 * CONNECTIONS,
      `${story}\nCACHE_MODE=off must be a true pass-through (one origin call per request, or the baseline flatters the cache)`,
    ).toBe(true);
    const hitRate = 1 - onCalls / on.answers;
    expect(
      {
        hitRate: hitRate >= MIN_HIT_RATE ? `≥ ${MIN_HIT_RATE}` : round(hitRate),
        p95: on.p95 <= off.p95 * MAX_P95_SHARE ? `≤ ${MAX_P95_SHARE} × baseline` : `${on.p95} ms vs ${off.p95} ms`,
        originLoad:
          onCalls / on.answers <= MAX_ORIGIN_SHARE * (offCalls / off.answers)
            ? `≤ ${MAX_ORIGIN_SHARE} × baseline`
            : round(onCalls / on.answers / (offCalls / off.answers)),
      },
      `${story}\nwith the cache: hit rate (1 − origin calls / requests) at least ${MIN_HIT_RATE}, p95 at most ${MAX_P95_SHARE} of the baseline's, origin calls per request at most ${MAX_ORIGIN_SHARE} of the baseline's`,
    ).toEqual({
      hitRate: `≥ ${MIN_HIT_RATE}`,
      p95: `≤ ${MAX_P95_SHARE} × baseline`,
      originLoad: `≤ ${MAX_ORIGIN_SHARE} × baseline`,
    });

    const grew = (name: string) => (after.sums[name] ?? Number.NaN) - (before.sums[name] ?? 0);
    const hits = grew('cache_hits_total');
    const metricsHitRate = hits / on.answers;
    expect(
      {
        hitRate: Math.abs(metricsHitRate - hitRate) <= METRICS_TOLERANCE ? 'agrees' : round(metricsHitRate),
        entryAgeObserved: grew('cache_entry_age_seconds_count') > 0,
        memoryReported: (after.sums.cache_memory_bytes ?? 0) > 0,
      },
      `${story}\n/metrics of CACHE_MODE=on grew by cache_hits_total = ${hits} (summed over layers) during its run: that hit rate must be within ` +
        `${METRICS_TOLERANCE} of the observed ${round(hitRate)}; cache_entry_age_seconds (a histogram of entry age at hit time) must have observations; ` +
        'cache_memory_bytes must be reported',
    ).toEqual({ hitRate: 'agrees', entryAgeObserved: true, memoryReported: true });
  });
});
