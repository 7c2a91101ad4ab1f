import { afterAll, beforeAll, expect, test } from 'vitest';
import { criterion, type StartedLearnerService, startInstance } from '../../../harness/grading/grader-kit.ts';
import { type Answer, call, describeAnswer, getKey, inParallel, type KvBody, putKey } from './support/kv-client.ts';
import { lockKvTables } from './support/lock-kv.ts';
import { metricValue, scrape } from './support/metric-samples.ts';
import { ringAssignments } from './support/ring-command.ts';
import { sameJson } from './support/same-json.ts';
import { withShard } from './support/shard-reader.ts';
import { type Shard, shardEnv } from './support/shard-settings.ts';
import { shardDatabases } from './support/start-shards.ts';

const HOT = ['r4:hot:a', 'r4:hot:b', 'r4:hot:c'];
/** Requests of the skewed load: 40 % on the 3 hot keys, the rest spread over COLD keys. */
const REQUESTS = 1500;
const COLD = 450;
const HOT_READS = 300;
/** Fewer than this share of the hot reads may reach the shard. */
const MAX_MISS_SHARE = 0.1;
/** A read served from memory answers in milliseconds; one that reaches a locked shard never does. */
const SERVED_WITHIN_MS = 3000;

criterion('R4', 'Metrics & hot-key detection', () => {
  const metricKeys = Array.from({ length: 300 }, (_, i) => `r4:m:${i}`);
  const coldKeys = Array.from({ length: COLD }, (_, i) => `r4:cold:${i}`);
  let shards: Shard[];
  let api: StartedLearnerService;
  let owners: Map<string, string>;
  let drop: () => Promise<void> = async () => {};
  /** Every request lab sent for each hot key. */
  const hotSent = new Map(HOT.map((k) => [k, 0]));

  beforeAll(async () => {
    const [local, ring] = await Promise.all([
      shardDatabases('r4', ['s1', 's2', 's3']),
      ringAssignments(['s1', 's2', 's3'], [...metricKeys, ...HOT]),
    ]);
    drop = local.drop;
    shards = local.shards;
    owners = ring;
    api = await startInstance('r4', shardEnv(shards));
  });
  afterAll(async () => {
    await api?.stop().catch(() => {});
    await drop();
  });

  test('shard_requests_total{shard,op} moves by exactly the PUTs and GETs lab routed to each shard; shard_rows{shard} equals each kv table', async () => {
    const before = await scrape(api.url);
    const puts = await inParallel(metricKeys, 8, (key) => putKey(api.url, key, { key }));
    const gets = await inParallel(metricKeys, 8, (key) => getKey(api.url, key));
    const failed = [...puts, ...gets].filter((a) => a.status !== 200);
    expect(
      failed.slice(0, 3).map((a) => describeAnswer('request', a)),
      'requests failed',
    ).toEqual([]);
    const after = await scrape(api.url);

    const expected: Record<string, number> = {};
    const seen: Record<string, number> = {};
    for (const shard of shards.map((s) => s.name)) {
      const routed = metricKeys.filter((k) => owners.get(k) === shard).length;
      for (const op of ['put', 'get']) {
        const label = `${shard} ${op}`;
        expected[label] = routed;
        seen[label] =
          metricValue(after, 'shard_requests_total', { shard, op }) -
          metricValue(before, 'shard_requests_total', { shard, op });
      }
    }
    expect(
      seen,
      `lab sent one PUT then one GET of ${metricKeys.length} keys; the growth of shard_requests_total{shard, op="put"|"get"} ` +
        'must equal the requests routed to each shard (the ring command says where each key lives)',
    ).toEqual(expected);

    for (const shard of shards) {
      const timed =
        metricValue(after, 'shard_request_duration_seconds_count', { shard: shard.name }) -
        metricValue(before, 'shard_request_duration_seconds_count', { shard: shard.name });
      const routed = expected[`${shard.name} put`] ?? 0;
      expect(
        timed,
        `shard_request_duration_seconds{shard="${shard.name}"} must time every request to the shard: its _count grew by ${timed}, ` +
          `but lab sent ${2 * routed} requests there`,
      ).toBeGreaterThanOrEqual(2 * routed);
      const rows = await withShard(shard, async (c) =>
        Number((await c.query('select count(*) as n from kv')).rows[0].n),
      );
      const gauge = metricValue(after, 'shard_rows', { shard: shard.name });
      expect(
        gauge,
        `shard_rows{shard="${shard.name}"} must equal the rows of kv on that shard (lab counted ${rows})`,
      ).toBe(rows);
    }
  });

  test('under 40 % of traffic on 3 keys, GET /admin/hot-keys lists exactly those first, with counts within 10 %', async () => {
    const hotValues = new Map(HOT.map((k) => [k, { hot: k }]));
    await inParallel(HOT, 3, async (key) => {
      hotSent.set(key, (hotSent.get(key) ?? 0) + 1);
      return putKey(api.url, key, hotValues.get(key));
    });
    // 40 % of the requests on the hot keys (3 reads : 1 write), the rest spread over the cold keys.
    const plan: { key: string; write: boolean }[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      if (i % 5 < 2) {
        const key = HOT[i % 3] as string;
        plan.push({ key, write: i % 4 === 0 });
      } else plan.push({ key: coldKeys[i % coldKeys.length] as string, write: i % 2 === 0 });
    }
    const answers = await inParallel(plan, 16, async ({ key, write }) => {
      if (hotSent.has(key)) hotSent.set(key, (hotSent.get(key) ?? 0) + 1);
      return write ? putKey(api.url, key, hotValues.get(key) ?? { cold: key }) : getKey(api.url, key);
    });
    const failed = answers.filter((a) => a.status !== 200 && a.status !== 404);
    expect(
      failed.slice(0, 3).map((a) => describeAnswer('request', a)),
      'requests failed',
    ).toEqual([]);

    const answer = await call<{ keys?: { key: string; count: number }[]; mitigation?: unknown }>(
      api.url,
      'GET',
      '/admin/hot-keys',
    );
    expect(answer.status, describeAnswer('GET /admin/hot-keys', answer)).toBe(200);
    const listed = answer.body?.keys ?? [];
    const story = `lab sent ${JSON.stringify(Object.fromEntries(hotSent))} requests to its 3 hot keys and ${REQUESTS * 0.6} spread over ${COLD} others; GET /admin/hot-keys said ${JSON.stringify(answer.body).slice(0, 400)}`;
    expect(
      listed
        .slice(0, 3)
        .map((k) => k.key)
        .sort(),
      `${story}\nthe first 3 keys listed must be the hot ones`,
    ).toEqual([...HOT].sort());
    const off = listed
      .slice(0, 3)
      .filter((k) => Math.abs(k.count - (hotSent.get(k.key) ?? 0)) > 0.1 * (hotSent.get(k.key) ?? 0));
    expect(off, `${story}\neach count must be within 10 % of the requests lab sent for that key`).toEqual([]);
    expect(typeof answer.body?.mitigation, `${story}\nsay which mitigation you apply, as a string`).toBe('string');
  });

  test(`the mitigation is visible: with kv locked on the hot keys' shards, ${HOT_READS} reads of the hot keys are still served`, async () => {
    const hotShards = shards.filter((s) => HOT.some((k) => owners.get(k) === s.name));
    const rightValue = (key: string, a: Answer<KvBody>) => a.status === 200 && sameJson(a.body.value, { hot: key });
    // A cache fills on reads after the last write: give it a few.
    const warm = await inParallel([...HOT, ...HOT, ...HOT], 3, (key) => getKey(api.url, key));
    expect(
      warm.filter((a, i) => !rightValue(HOT[i % 3] as string, a)).map((a) => describeAnswer('GET of a hot key', a)),
      'reads of hot keys must return their last written value',
    ).toEqual([]);

    const maxMisses = HOT_READS * MAX_MISS_SHARE;
    const reads = Array.from({ length: HOT_READS }, (_, i) => HOT[i % 3] as string);
    const misses: string[] = [];
    const locks = await lockKvTables(hotShards);
    try {
      // Stops early once the bound is reached: each miss waits out the whole SERVED_WITHIN_MS.
      await inParallel(reads, 16, async (key) => {
        if (misses.length >= maxMisses) return;
        const answer = await getKey(api.url, key, SERVED_WITHIN_MS);
        if (!rightValue(key, answer)) misses.push(describeAnswer(`GET /kv/${key}`, answer));
      });
    } finally {
      await locks.release();
    }
    expect(
      misses.length,
      `lab held an exclusive lock on kv of ${hotShards.map((s) => s.name).join(', ')} (any read that reaches the shard waits) ` +
        `and read its hot keys ${HOT_READS} times: ${misses.length >= maxMisses ? 'at least ' : ''}${misses.length} did not answer ` +
        `their value within ${SERVED_WITHIN_MS} ms, e.g. ${misses.slice(0, 2).join('; ')}. Serve hot keys' reads from memory, ` +
        `kept until a write through your service changes the key, so fewer than ${maxMisses} reach the shard`,
    ).toBeLessThan(maxMisses);
  });
});
