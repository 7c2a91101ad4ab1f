import type { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { criterion, type StartedLearnerService } from '../../../harness/grading/grader-kit.ts';
import {
  baseEnv,
  criterionPrefix,
  itemKey,
  outputOf,
  startInstances,
  stopInstances,
} from './support/cache-instances.ts';
import { getItem, shown } from './support/get-item.ts';
import { graderRedis } from './support/grader-redis.ts';
import { pttls } from './support/redis-figures.ts';
import { type SlowOrigin, startSlowOrigin } from './support/slow-origin.ts';

const BURST = 300;
const ORIGIN_DELAY_MS = 500;
const TTL_SECONDS = 100;
const JITTERED_KEYS = 100;
/** The PTTLs must spread over at least this share of the TTL; keys written within a few seconds without jitter spread far less. */
const MIN_SPREAD = 0.1;

criterion('R4', 'Stampede prevention', () => {
  const prefix = criterionPrefix('r4');
  let origin: SlowOrigin;
  let redis: Redis;
  let instances: StartedLearnerService[];

  beforeAll(async () => {
    redis = graderRedis();
    origin = await startSlowOrigin(ORIGIN_DELAY_MS);
    instances = await startInstances(baseEnv(prefix, origin.url, { CACHE_TTL_SECONDS: String(TTL_SECONDS) }), 3);
  });
  afterAll(async () => {
    await stopInstances(instances);
    await origin?.close();
    redis?.disconnect();
  });

  test(`${BURST} concurrent GETs for one cold key over 3 instances: exactly one origin call, everyone gets the value`, async () => {
    const id = 'r4-cold';
    const answers = await Promise.all(
      Array.from({ length: BURST }, (_, i) => getItem(instances[i % instances.length] as StartedLearnerService, id)),
    );
    const sent = `${BURST} concurrent GET /items/${id} spread over instances ${instances.map((i) => i.instance).join(', ')}; the origin answers after ${ORIGIN_DELAY_MS} ms`;
    const wrong = answers.filter((a) => a.status !== 200 || a.value !== `${id}@v1`);
    expect(
      wrong.slice(0, 3).map(shown),
      `${sent}\nevery request must get 200 with the item ({"value": "${id}@v1"}); ${wrong.length} did not\n${outputOf(instances)}`,
    ).toEqual([]);
    expect(
      origin.gets(id),
      `${sent}\nexpected exactly 1 origin call: share one load per process and take a short Redis lock (SET NX PX) across instances, ` +
        'the others wait for the value; the origin was called',
    ).toBe(1);
  });

  test(`${JITTERED_KEYS} keys cached at the same moment expire spread over at least ${MIN_SPREAD * 100} % of CACHE_TTL_SECONDS=${TTL_SECONDS}`, async () => {
    const ids = Array.from({ length: JITTERED_KEYS }, (_, i) => `r4-jitter-${i}`);
    const answers = await Promise.all(
      ids.map((id, i) => getItem(instances[i % instances.length] as StartedLearnerService, id)),
    );
    expect(
      answers
        .filter((a) => a.status !== 200)
        .map(shown)
        .slice(0, 3),
      `GET /items/:id for ${JITTERED_KEYS} keys at once`,
    ).toEqual([]);
    const found = await pttls(
      redis,
      ids.map((id) => itemKey(prefix, id)),
    );
    const missing = ids.filter((_, i) => (found[i] as number) <= 0);
    expect(
      missing.slice(0, 5).map((id) => itemKey(prefix, id)),
      `after GET /items/:id of ${JITTERED_KEYS} keys, each must be in Redis at <KEY_PREFIX>item:<id> with a TTL; these were not`,
    ).toEqual([]);
    const spread = Math.max(...found) - Math.min(...found);
    expect(
      spread,
      `${JITTERED_KEYS} keys cached within a moment had PTTLs from ${Math.min(...found)} to ${Math.max(...found)} ms: they would all expire ` +
        `together. Jitter the TTL, e.g. ttl × (1 + random(−0.1, 0.1)); the spread must be at least ${MIN_SPREAD * TTL_SECONDS * 1000} ms`,
    ).toBeGreaterThanOrEqual(MIN_SPREAD * TTL_SECONDS * 1000);
  });
});
