import { afterAll, beforeAll, expect, test } from 'vitest';
import { criterion, type StartedLearnerService } from '../../../harness/grading/grader-kit.ts';
import { baseEnv, criterionPrefix, outputOf, startCacheInstance, stopInstances } from './support/cache-instances.ts';
import { getItem, type ItemAnswer, shown } from './support/get-item.ts';
import { growth, scrape } from './support/metrics.ts';
import { type SlowOrigin, startSlowOrigin } from './support/slow-origin.ts';

const CAPACITY = 100;
const SHORT_TTL_MS = 1_500;
/** Sleeping this much past L1_TTL_MS makes expiry certain even when timers run late on a loaded machine. */
const EXPIRY_MARGIN_MS = 700;
const ORIGIN_DELAY_MS = 20;
const L1_METRICS = ['cache_l1_hits_total', 'cache_l1_misses_total', 'cache_l1_evictions_total'];

const key = (i: number) => `r1-k${i}`;
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => key(from + i));

criterion('R1', 'Local (in-proc) cache', () => {
  const prefix = criterionPrefix('r1');
  let origin: SlowOrigin;
  let lru: StartedLearnerService;
  let expiring: StartedLearnerService;

  beforeAll(async () => {
    origin = await startSlowOrigin(ORIGIN_DELAY_MS);
    [lru, expiring] = await Promise.all([
      startCacheInstance('a', baseEnv(prefix, origin.url, { L1_MAX_ENTRIES: String(CAPACITY) })),
      startCacheInstance('b', baseEnv(`${prefix}ttl:`, origin.url, { L1_TTL_MS: String(SHORT_TTL_MS) })),
    ]);
  });
  afterAll(async () => {
    await stopInstances([lru, expiring]);
    await origin?.close();
  });

  /** Reads the keys one after another, so the order of use is exactly the grader's. */
  const readInOrder = async (instance: StartedLearnerService, ids: readonly string[]): Promise<ItemAnswer[]> => {
    const answers: ItemAnswer[] = [];
    for (const id of ids) answers.push(await getItem(instance, id));
    return answers;
  };

  test(`L1_MAX_ENTRIES=${CAPACITY}: the least recently used entries are evicted, recently touched ones stay; metrics agree`, async () => {
    // Behaviour first: a missing /metrics is reported after the eviction checks.
    const before = await scrape(lru).catch(() => undefined);
    const fill = await readInOrder(lru, range(0, 100));
    const broken = fill.filter((a) => a.status !== 200 || a.value !== `${key(fill.indexOf(a))}@v1`);
    expect(
      broken.slice(0, 3).map(shown),
      `GET /items/${key(0)} … ${key(99)} on one instance must answer 200 {"id", "value": "<id>@v1", "version": 1} (the origin's item); some did not\n${outputOf([lru])}`,
    ).toEqual([]);
    const touched = await readInOrder(lru, range(0, 10));
    await readInOrder(lru, range(100, 150));
    const story =
      `lab read ${key(0)}…${key(99)} (filling L1), then ${key(0)}…${key(9)} again (now the most recently used), ` +
      `then ${key(100)}…${key(149)} (50 more than L1_MAX_ENTRIES=${CAPACITY} holds)`;
    expect(
      touched
        .filter((a) => a.layer !== 'L1')
        .map(shown)
        .slice(0, 3),
      `${story}\nthe second read of ${key(0)}…${key(9)} must be an L1 hit (header X-Cache: L1); these were not`,
    ).toEqual([]);

    const kept = await readInOrder(lru, [...range(0, 10), ...range(60, 150)]);
    expect(
      kept
        .filter((a) => a.layer !== 'L1')
        .map(shown)
        .slice(0, 5),
      `${story}\nso the 50 least recently used (${key(10)}…${key(59)}) must be gone and the other 100 still in L1: ` +
        `re-reading ${key(0)}…${key(9)} and ${key(60)}…${key(149)} must answer X-Cache: L1 (an LRU, not FIFO or MRU eviction); these did not`,
    ).toEqual([]);
    const evicted = await readInOrder(lru, range(10, 60));
    expect(
      evicted
        .filter((a) => a.status !== 200 || a.layer === 'L1')
        .map(shown)
        .slice(0, 5),
      `${story}\nthen re-reading ${key(10)}…${key(59)} (evicted) must be an L1 miss (X-Cache: L2 or MISS) with the item; these were not`,
    ).toEqual([]);

    const after = await scrape(lru);
    expect(
      growth(before ?? { types: {}, sums: {}, malformed: [] }, after, L1_METRICS),
      `${story}, then re-read 100 kept and 50 evicted keys: that is 110 L1 hits, 200 L1 misses and 100 evictions ` +
        '(each miss past capacity evicts one); /metrics grew by',
    ).toEqual({ cache_l1_hits_total: 110, cache_l1_misses_total: 200, cache_l1_evictions_total: 100 });
  });

  test(`L1_TTL_MS=${SHORT_TTL_MS}: an entry is an L1 hit at once and an L1 miss after its lifetime`, async () => {
    const id = 'r1-expiring';
    const [first, second] = await readInOrder(expiring, [id, id]);
    expect(
      { first: first && shown(first), second: second && shown(second), secondIsL1Hit: second?.layer === 'L1' },
      `two GET /items/${id} in a row on an instance with L1_TTL_MS=${SHORT_TTL_MS}: the first fills L1, the second must be an L1 hit (X-Cache: L1)`,
    ).toMatchObject({ first: { status: 200 }, second: { status: 200 }, secondIsL1Hit: true });
    await new Promise((resolve) => setTimeout(resolve, SHORT_TTL_MS + EXPIRY_MARGIN_MS));
    const later = await getItem(expiring, id);
    expect(
      { status: later.status, value: later.value, expiredFromL1: later.layer !== 'L1' },
      `GET /items/${id} ${SHORT_TTL_MS + EXPIRY_MARGIN_MS} ms after it was cached (L1_TTL_MS=${SHORT_TTL_MS}) must miss L1 (X-Cache: L2 or MISS); it answered X-Cache: ${later.layer}`,
    ).toEqual({ status: 200, value: `${id}@v1`, expiredFromL1: true });
  });
});
