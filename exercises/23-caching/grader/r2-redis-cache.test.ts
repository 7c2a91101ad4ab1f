import type { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { criterion, type StartedLearnerService, startServiceInstance } from '../../../harness/grading/grader-kit.ts';
import {
  baseEnv,
  criterionPrefix,
  itemKey,
  outputOf,
  startCacheInstance,
  stopInstances,
} from './support/cache-instances.ts';
import { getItem, getJson, shown } from './support/get-item.ts';
import { graderRedis } from './support/grader-redis.ts';
import { keysUnder, memoryUsage, pttls, usedMemory, within } from './support/redis-figures.ts';
import { type SlowOrigin, startSlowOrigin } from './support/slow-origin.ts';

const TTL_SECONDS = 60;
const ORIGIN_DELAY_MS = 50;
const BIG_INTEGER = '12345678901234567890123';

/** Values that break naive serialization: the JSON text the origin will hold for each item. */
const ODD_VALUES: Record<string, string> = {
  'r2-unicode': JSON.stringify('Grüße, 世界 🌍 — "quoted" \\ back\u0001slash'),
  'r2-100kb': JSON.stringify('x'.repeat(100 * 1024)),
  'r2-big-integer': `{"count":${BIG_INTEGER},"small":-0.5e-7}`,
  'r2-nested': JSON.stringify({ a: [1, { b: null, c: true, d: [] }], e: { f: { g: 'deep' } }, h: '' }),
};

interface Stats {
  redis?: { usedMemory?: unknown; keys?: unknown; keyBytes?: unknown };
}

criterion('R2', 'Redis cache', () => {
  const prefix = criterionPrefix('r2');
  let origin: SlowOrigin;
  let redis: Redis;
  let a: StartedLearnerService;
  let b: StartedLearnerService;

  beforeAll(async () => {
    // Its own Redis: used_memory then moves only with this criterion's traffic.
    const own = await startServiceInstance('redis', 'r2-redis');
    redis = graderRedis(own.url);
    origin = await startSlowOrigin(ORIGIN_DELAY_MS);
    for (const [id, valueJson] of Object.entries(ODD_VALUES)) origin.change(id, valueJson);
    const env = baseEnv(prefix, origin.url, { REDIS_URL: own.url, CACHE_TTL_SECONDS: String(TTL_SECONDS) });
    [a, b] = await Promise.all([startCacheInstance('a', env), startCacheInstance('b', env)]);
  });
  afterAll(async () => {
    await stopInstances([a, b]);
    await origin?.close();
    redis?.disconnect();
  });

  test(`every item read is in Redis at <KEY_PREFIX>item:<id> with a PTTL within ±10 % of CACHE_TTL_SECONDS=${TTL_SECONDS}`, async () => {
    const ids = Array.from({ length: 20 }, (_, i) => `r2-ttl-${i}`);
    const started = Date.now();
    const answers = await Promise.all(ids.map((id) => getItem(a, id)));
    expect(
      answers
        .filter((x) => x.status !== 200)
        .map(shown)
        .slice(0, 3),
      `GET /items/:id for 20 items must answer 200\n${outputOf([a])}`,
    ).toEqual([]);
    const found = await pttls(
      redis,
      ids.map((id) => itemKey(prefix, id)),
    );
    const elapsed = Date.now() - started;
    const ttlMs = TTL_SECONDS * 1000;
    const wrong = ids
      .map((id, i) => ({ key: itemKey(prefix, id), pttl: found[i] as number }))
      .filter(({ pttl }) => pttl < ttlMs * 0.9 - elapsed - 1000 || pttl > ttlMs * 1.1);
    expect(
      wrong.slice(0, 5),
      `after GET /items/:id of 20 items, lab read PTTL of <KEY_PREFIX>item:<id> for each (KEY_PREFIX=${prefix}): ` +
        `each must be within ±10 % of ${ttlMs} ms (PTTL -2: no such key, -1: no expiry — use SET key value PX ttl); wrong`,
    ).toEqual([]);
  });

  test('values round-trip exactly through Redis: unicode, 100 KB, big integers, nested objects', async () => {
    for (const [id, valueJson] of Object.entries(ODD_VALUES)) {
      const filled = await getItem(a, id);
      const served = await getItem(b, id);
      const expected = JSON.parse(valueJson) as unknown;
      const story = `the origin holds ${id} = ${valueJson.slice(0, 80)}${valueJson.length > 80 ? '…' : ''}; lab read it on instance a (filling Redis), then on instance b (empty L1)`;
      expect(shown(filled).status, `${story}\ninstance a answered ${JSON.stringify(shown(filled))}`).toBe(200);
      expect(
        { 'x-cache': served.layer, value: served.value },
        `${story}\ninstance b must serve it from Redis (X-Cache: L2) with the exact same value`,
      ).toEqual({ 'x-cache': 'L2', value: expected });
      if (valueJson.includes(BIG_INTEGER)) {
        expect(
          served.text.includes(BIG_INTEGER),
          `${story}\nthe integer ${BIG_INTEGER} (beyond 2^53) must come back digit for digit; JSON.parse + JSON.stringify turns it into ` +
            `1.2345678901234568e+22 — keep the origin's text. Instance b answered: ${served.text.slice(0, 200)}`,
        ).toBe(true);
      }
    }
  });

  test('GET /cache/stats reports Redis used_memory and the size of your keys within 10 % of what lab reads', async () => {
    const memoryBefore = await usedMemory(redis);
    const stats = await getJson<Stats>(`${a.url}/cache/stats`);
    const memoryAfter = await usedMemory(redis);
    const keys = await keysUnder(redis, prefix);
    const keyBytes = await memoryUsage(redis, keys);
    const reported = stats.body?.redis ?? {};
    const low = Math.min(memoryBefore, memoryAfter);
    const high = Math.max(memoryBefore, memoryAfter);
    expect(
      {
        usedMemory: within(reported.usedMemory, low, high, 0.1) ? 'within 10 %' : reported.usedMemory,
        keyBytes: within(reported.keyBytes, keyBytes, keyBytes, 0.1) ? 'within 10 %' : reported.keyBytes,
      },
      `GET /cache/stats answered ${stats.status} ${stats.text}\nlab read INFO memory used_memory = ${low}…${high} and the sum of ` +
        `MEMORY USAGE over the ${keys.length} keys under ${prefix} = ${keyBytes} bytes; {redis: {usedMemory, keyBytes}} must be within 10 % of those`,
    ).toEqual({ usedMemory: 'within 10 %', keyBytes: 'within 10 %' });
    expect(keyBytes, 'the cached items (one is 100 KB) must take some room in Redis').toBeGreaterThan(100 * 1024);
  });
});
