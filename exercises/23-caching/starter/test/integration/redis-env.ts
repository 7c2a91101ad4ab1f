import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

/**
 * The Redis the service gets (REDIS_URL, and KEY_PREFIX under which every key must live). Each
 * test file adds its own random segment to the prefix and deletes its keys afterwards.
 */
export function testRedis() {
  const url = process.env.REDIS_URL;
  if (!url)
    throw new Error(
      'REDIS_URL is not set: integration tests need Redis (lab verify sets it; locally: docker run -p 6379:6379 redis:7)',
    );
  const prefix = `${process.env.KEY_PREFIX ?? ''}test:${randomUUID()}:`;
  const redis = new Redis(url);
  return {
    url,
    prefix,
    redis,
    async cleanUp(): Promise<void> {
      const found = await redis.keys(`${prefix}*`);
      if (found.length > 0) await redis.del(...found);
      redis.disconnect();
    },
  };
}
