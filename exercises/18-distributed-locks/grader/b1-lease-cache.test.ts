import { afterAll, beforeAll, expect, test } from 'vitest';
import { criterion, type StartedLearnerService } from '../../../harness/grading/grader-kit.ts';
import { type FencedResource, startFencedResource } from './support/fenced-resource.ts';
import { cachedValue, getCached } from './support/get-cached.ts';
import { CACHE_TTL_MS } from './support/lock-settings.ts';
import { criterionPrefix, startWorkers, stopWorkers, workerEnv } from './support/lock-workers.ts';
import { type SlowOrigin, startSlowOrigin } from './support/slow-origin.ts';

const ORIGIN_DELAY_MS = 400;
const BURST = 200;

criterion('B1', 'Lease-based caches', () => {
  const prefix = criterionPrefix('b1');
  let resource: FencedResource;
  let origin: SlowOrigin;
  let workers: StartedLearnerService[];

  beforeAll(async () => {
    resource = await startFencedResource();
    origin = await startSlowOrigin(ORIGIN_DELAY_MS);
    workers = await startWorkers(
      workerEnv(prefix, resource.url, { ORIGIN_URL: origin.url, CACHE_TTL_MS: String(CACHE_TTL_MS) }),
    );
  });
  afterAll(async () => {
    await stopWorkers(workers);
    await resource?.close();
    await origin?.close();
  });

  const burst = (key: string) =>
    Promise.all(
      Array.from({ length: BURST }, (_, i) => getCached(workers[i % workers.length] as StartedLearnerService, key)),
    );

  test(`${BURST} concurrent misses for one key over all workers: exactly one origin call, everyone gets the value`, async () => {
    const key = 'b1-burst';
    const startedAt = performance.now();
    const answers = await burst(key);
    const tookMs = Math.round(performance.now() - startedAt);
    // On a starved machine a burst can outlive the cached value; each new lifetime may cost one call.
    const allowed = 1 + Math.floor(tookMs / CACHE_TTL_MS);
    const sent = `${BURST} concurrent GET /cache/${key}, spread over ${workers.map((w) => w.instance).join(', ')}; the origin (ORIGIN_URL) answers GET /${key} after ${ORIGIN_DELAY_MS} ms; the burst took ${tookMs} ms`;
    expect(
      origin.calls(key),
      `${sent}\nexpected exactly ${allowed === 1 ? '1 origin call' : `1 origin call per CACHE_TTL_MS (${CACHE_TTL_MS} ms) of burst, at most ${allowed}`} (one lease holder fetches, the others wait for its value); the origin was called`,
    ).toBeLessThanOrEqual(allowed);
    const wrong = answers.filter((a) => a.status !== 200 || cachedValue(a) !== `${key}@1`);
    expect(
      wrong.slice(0, 3),
      `${sent}\nevery request must get 200 with {"key": "${key}", "value": "${key}@1", …}; ${wrong.length} did not, e.g.`,
    ).toEqual([]);
  });

  test(`the value stays cached for CACHE_TTL_MS (${CACHE_TTL_MS} ms), then the origin is asked again`, async () => {
    const key = 'b1-ttl';
    const first = await getCached(workers[0] as StartedLearnerService, key);
    const filledAt = performance.now();
    expect(cachedValue(first), `GET /cache/${key} on w1 (a miss) must answer the origin's value`).toBe(`${key}@1`);
    await new Promise((resolve) => setTimeout(resolve, CACHE_TTL_MS / 3));
    const again = await burst(key);
    const sinceFillMs = Math.round(performance.now() - filledAt);
    if (sinceFillMs < CACHE_TTL_MS) {
      expect(
        { calls: origin.calls(key), values: [...new Set(again.map(cachedValue))] },
        `${BURST} GET /cache/${key} ${Math.round(CACHE_TTL_MS / 3)} ms after the first, on every worker, all answered ${sinceFillMs} ms after the value was cached: served from Redis, no new origin call`,
      ).toEqual({ calls: 1, values: [`${key}@1`] });
    }
    const before = origin.calls(key);
    await new Promise((resolve) => setTimeout(resolve, CACHE_TTL_MS + 300));
    const later = await getCached(workers[1] as StartedLearnerService, key);
    expect(
      { calls: origin.calls(key), value: cachedValue(later) },
      `GET /cache/${key} ${CACHE_TTL_MS + 300} ms later (after CACHE_TTL_MS): the cached value must have expired and the origin asked once more`,
    ).toEqual({ calls: before + 1, value: `${key}@${before + 1}` });
  });
});
