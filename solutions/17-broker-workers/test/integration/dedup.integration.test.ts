import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Dedup } from '../../src/dedup.ts';
import { freshPrefixes, redisUrl, skipNote } from './broker-env.ts';

const { keyPrefix } = freshPrefixes();

describe.skipIf(!redisUrl)(`Dedup against the real Redis${skipNote}`, () => {
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(redisUrl);
  });
  afterAll(async () => {
    const keys = await redis.keys(`${keyPrefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  test('one claim at a time; done is final; a released claim can be taken again', async () => {
    const dedup = new Dedup(redis, keyPrefix, 5000);
    expect(await dedup.begin('a', 'w1')).toBe('claimed');
    expect(await dedup.begin('a', 'w2')).toBe('busy');
    await dedup.release('a', 'w1');
    expect(await dedup.begin('a', 'w2')).toBe('claimed');
    await dedup.finish('a', 'w2');
    expect(await dedup.begin('a', 'w3')).toBe('done');
  });

  test('the claim of a worker that stopped refreshing it expires; a stranger cannot refresh it', async () => {
    const dedup = new Dedup(redis, keyPrefix, 200);
    expect(await dedup.begin('b', 'dead-worker')).toBe('claimed');
    expect(await dedup.refresh('b', 'stranger')).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await dedup.begin('b', 'w2')).toBe('claimed');
  });
});
