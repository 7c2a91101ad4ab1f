import { Redis } from 'ioredis';
import { lab } from '../../../../harness/grading/grader-kit.ts';

/** The grader's own client of the run's Redis, to read the keys the instances wrote. */
export function graderRedis(): Redis {
  const url = lab().services.find((s) => s.name === 'redis')?.url;
  if (!url) throw new Error('this run has no redis service: exercise.json must list "redis"');
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  client.on('error', () => {});
  return client;
}

/** Every key under a prefix (SCAN, never KEYS: the Redis is shared with the other criteria). */
export async function keysUnder(redis: Redis, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  const pattern = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== '0');
  return keys.sort();
}
