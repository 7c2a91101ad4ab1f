import { afterAll, beforeAll, expect, test } from 'vitest';
import { criterion, type StartedLearnerService, startInstance } from '../../../harness/grading/grader-kit.ts';
import { adversarialKeys, countByShard } from './support/adversarial-keys.ts';
import { call, inParallel } from './support/kv-client.ts';
import { ringAssignments } from './support/ring-command.ts';
import { shardEnv } from './support/shard-settings.ts';
import { shardDatabases } from './support/start-shards.ts';

const FOUR = ['s1', 's2', 's3', 's4'];
const FIVE = [...FOUR, 's5'];
/** Every shard within ±10 % of the mean; adding a fifth moves 15–25 % (ideal: 20 %). */
const SPREAD = 0.1;
const MOVED = { min: 0.15, max: 0.25 };
/** Keys asked of GET /route/:key, spread over the three kinds of adversarial keys. */
const ROUTED = 1000;

criterion('R1', 'Shard function', () => {
  const keys = adversarialKeys();
  let four: Map<string, string>;
  let five: Map<string, string>;
  let again: Map<string, string>;
  let api: StartedLearnerService;
  let drop: () => Promise<void> = async () => {};

  // Everything R1 needs at once: three ring runs (4 shards, 5 shards, 4 again) and the service.
  beforeAll(async () => {
    const started = await shardDatabases('r1', FOUR);
    drop = started.drop;
    [four, five, again, api] = await Promise.all([
      ringAssignments(FOUR, keys),
      ringAssignments(FIVE, keys),
      ringAssignments(FOUR, keys),
      startInstance('r1', shardEnv(started.shards)),
    ]);
  });
  afterAll(async () => {
    await api?.stop().catch(() => {});
    await drop();
  });

  test(`ring --shards ${FOUR.join(',')}: each shard holds within ±10 % of the mean of 100,000 adversarial keys`, () => {
    const counts = countByShard(four);
    const mean = keys.length / FOUR.length;
    expect(Object.keys(counts).sort(), 'ring must assign only the shards it was given').toEqual(FOUR);
    const off = Object.entries(counts).filter(([, n]) => Math.abs(n - mean) > SPREAD * mean);
    expect(
      off,
      `keys per shard ${JSON.stringify(counts)}; the mean is ${mean}, so each must be within ${mean * (1 - SPREAD)}–${mean * (1 + SPREAD)}. ` +
        'The keys include sequential ones, "Aa"/"BB" strings with one Java hashCode and anagrams with one sum of char codes: ' +
        'hash them with a real hash (murmur3, xxhash, md5) and use enough virtual nodes (1000+ per shard)',
    ).toEqual([]);
  });

  test('adding s5 moves 15–25 % of the keys, every moved key to s5', () => {
    const moved = keys.filter((k) => four.get(k) !== five.get(k));
    const share = moved.length / keys.length;
    const notToS5 = moved.filter((k) => five.get(k) !== 's5');
    expect(
      notToS5.slice(0, 5).map((k) => `${k}: ${four.get(k)} → ${five.get(k)}`),
      `with s5 added, ${notToS5.length} keys moved between old shards; consistent hashing moves keys only to the new shard`,
    ).toEqual([]);
    expect(
      share >= MOVED.min && share <= MOVED.max,
      `adding a fifth shard moved ${(share * 100).toFixed(1)} % of 100,000 keys; expected ${MOVED.min * 100}–${MOVED.max * 100} % ` +
        '(about 1/5). Hash mod N moves about 80 %',
    ).toBe(true);
  });

  test('the same keys get the same shards on every run', () => {
    const differ = keys.filter((k) => again.get(k) !== four.get(k));
    expect(
      differ.slice(0, 5).map((k) => `${k}: ${four.get(k)} then ${again.get(k)}`),
      `a second ring run gave ${differ.length} keys another shard: build the ring deterministically (no random seeds, ties broken by shard name)`,
    ).toEqual([]);
  });

  test(`GET /route/:key of a service with SHARD_URLS s1…s4 names the same shard as ring, for ${ROUTED.toLocaleString('en')} of the keys`, async () => {
    const sample = keys.filter((_, i) => i % (keys.length / ROUTED) === 0);
    const answers = await inParallel(sample, 16, (key) =>
      call<{ shard?: string }>(api.url, 'GET', `/route/${encodeURIComponent(key)}`),
    );
    const differ = sample
      .map((key, i) => ({ key, ring: four.get(key), route: answers[i]?.body?.shard, status: answers[i]?.status }))
      .filter((d) => d.status !== 200 || d.route !== d.ring);
    expect(
      differ.slice(0, 5),
      `${differ.length} of ${sample.length} keys: GET /route/:key must answer 200 {key, shard} with the shard ring names`,
    ).toEqual([]);
  });
});
