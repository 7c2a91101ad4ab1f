import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { GlobalIndex } from '../../src/global-index.ts';
import { HashRing } from '../../src/hash-ring.ts';
import { HotKeyDetector } from '../../src/hot-keys.ts';
import { Router } from '../../src/router.ts';
import { testShards } from './test-shards.ts';

const until = async (check: () => Promise<boolean>, ms = 5000) => {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
};

describe('global secondary index on real Postgres', () => {
  let t: Awaited<ReturnType<typeof testShards>>;
  let router: Router;
  let index: GlobalIndex;
  beforeAll(async () => {
    t = await testShards('gsi');
    router = new Router(new HashRing(t.shards), t.store, new HotKeyDetector(), t.metrics);
    index = new GlobalIndex(t.pools, t.shards, t.log);
    index.start();
  });
  afterAll(async () => {
    index?.stop();
    await t?.drop();
  });

  test('an email written with a key is found through the outbox', async () => {
    await router.put('user:1', { name: 'Ada' }, 'ada@example.test');
    expect(await until(async () => (await index.lookup('ada@example.test')) === 'user:1')).toBe(true);
  });

  test('a changed email moves the index entry', async () => {
    await router.put('user:2', { name: 'Bob' }, 'bob@example.test');
    await router.put('user:2', { name: 'Bob' }, 'robert@example.test');
    expect(await until(async () => (await index.lookup('robert@example.test')) === 'user:2')).toBe(true);
    expect(await until(async () => (await index.lookup('bob@example.test')) === undefined)).toBe(true);
  });
});
