import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { HashRing } from '../../src/hash-ring.ts';
import { HotKeyDetector } from '../../src/hot-keys.ts';
import { Rebalancer } from '../../src/rebalancer.ts';
import { Router } from '../../src/router.ts';
import { testShards } from './test-shards.ts';

describe('router and rebalancer on real Postgres', () => {
  let t: Awaited<ReturnType<typeof testShards>>;
  let router: Router;
  beforeAll(async () => {
    t = await testShards('router');
    router = new Router(new HashRing(['s1', 's2']), t.store, new HotKeyDetector(), t.metrics);
  });
  afterAll(() => t?.drop());

  test('a key written through the router lives on the shard the ring names', async () => {
    const { shard } = await router.put('alpha', { n: 1 }, null);
    expect(shard).toBe(new HashRing(['s1', 's2']).ownerOf('alpha'));
    expect((await t.store.get(shard, 'alpha'))?.value).toEqual({ n: 1 });
    expect(await router.get('alpha')).toMatchObject({ key: 'alpha', value: { n: 1 }, shard });
  });

  test('adding a shard moves exactly the keys the new ring gives it, and none is lost', async () => {
    const keys = Array.from({ length: 300 }, (_, i) => `k${i}`);
    for (const k of keys) await router.put(k, { k }, null);
    const rebalancer = new Rebalancer(router, t.store, t.log);
    const next = new HashRing(['s1', 's2', 's3']);
    expect(rebalancer.start(next, 'add s3')).toBe(true);
    while (rebalancer.report().state === 'running') await new Promise((r) => setTimeout(r, 20));
    expect(rebalancer.report()).toMatchObject({ state: 'done' });
    for (const k of keys) {
      const found = await router.get(k);
      expect(found?.shard).toBe(next.ownerOf(k));
    }
    const onS3 = [...keys, 'alpha'].filter((k) => next.ownerOf(k) === 's3').length;
    expect(rebalancer.report().moved).toBe(onS3);
  });

  test('a delete removes the key everywhere', async () => {
    await router.put('gone', { x: 1 }, null);
    expect(await router.delete('gone')).toBe(true);
    expect(await router.get('gone')).toBeUndefined();
  });
});
