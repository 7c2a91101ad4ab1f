import { afterAll, describe, expect, it } from 'vitest';
import { testRedis } from './redis-env.ts';

// An example integration test against the real Redis, under a prefix of its own that it deletes after.
// Next: start a small origin (node:http) in the test and check your cache calls it once per cold item.
describe('Redis', () => {
  const env = testRedis();
  afterAll(() => env.cleanUp());

  it('keeps a value with the TTL it was written with', async () => {
    await env.redis.set(`${env.prefix}item:1`, '{"id":"1"}', 'PX', 60_000);
    expect(await env.redis.pttl(`${env.prefix}item:1`)).toBeGreaterThan(50_000);
  });
});
