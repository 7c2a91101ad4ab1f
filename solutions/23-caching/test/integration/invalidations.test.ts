import type { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { invalidations } from '../../src/invalidations.ts';
import { testRedis } from './redis-env.ts';

describe('invalidation channel on Redis', () => {
  const env = testRedis();
  const subscribers: Redis[] = [];
  afterAll(async () => {
    for (const subscriber of subscribers) subscriber.disconnect();
    await env.cleanUp();
  });

  it('delivers every published id to another instance', async () => {
    const channel = invalidations(env.url, env.prefix, env.redis);
    const received: string[] = [];
    subscribers.push(
      await channel.listen(
        (id) => received.push(id),
        () => {},
      ),
    );
    await channel.publish(['x', 'y']);
    await expect.poll(() => received, { timeout: 5000 }).toEqual(['x', 'y']);
  });
});
