import { afterAll, describe, expect, it } from 'vitest';
import { acquireLock } from '../../src/acquire-lock.ts';
import { keys } from '../../src/config.ts';
import { startHeartbeat } from '../../src/heartbeat.ts';
import { singleNodeStore } from '../../src/single-node-store.ts';
import { testRedis } from './redis-env.ts';

// The lock itself against the real Redis of REDIS_URL, under a prefix of its own.
describe('single-node lock on Redis', () => {
  const env = testRedis();
  const store = singleNodeStore(env.redis);
  const key = (name: string) => keys(env.prefix).lock(name);
  afterAll(() => env.cleanUp());

  it('grants a free lock with its TTL, and refuses a second owner until the release', async () => {
    const first = await acquireLock(store, key('a'), 1500, 100);
    expect(first).toBeDefined();
    const ttl = await env.redis.pttl(key('a'));
    expect(ttl).toBeGreaterThan(1000);
    expect(ttl).toBeLessThanOrEqual(1500);
    expect(await acquireLock(store, key('a'), 1500, 100)).toBeUndefined();
    await store.release(key('a'), first?.value ?? '');
    expect(await acquireLock(store, key('a'), 1500, 100)).toBeDefined();
  });

  it('never releases or extends a lock that another owner holds now', async () => {
    await env.redis.set(key('b'), 'someone-else', 'PX', 5000);
    await store.release(key('b'), 'not-mine');
    expect(await store.extend(key('b'), 'not-mine', 60_000)).toBe(false);
    expect(await env.redis.get(key('b'))).toBe('someone-else');
  });

  it('keeps a held lock alive past its TTL while the heartbeat runs', async () => {
    const lock = await acquireLock(store, key('c'), 1000, 100);
    if (!lock) throw new Error('could not take a free lock');
    const heartbeat = startHeartbeat(store, lock, 1000);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    heartbeat.stop();
    expect(heartbeat.signal.aborted).toBe(false);
    expect(await env.redis.get(key('c'))).toBe(lock.value);
  });
});
