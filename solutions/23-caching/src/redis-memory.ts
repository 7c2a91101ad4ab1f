import type { Redis } from 'ioredis';

const globEscaped = (text: string) => text.replace(/[*?[\]\\]/g, (c) => `\\${c}`);

/** used_memory from INFO memory: what the whole Redis server uses. */
export async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return Number(/^used_memory:(\d+)/m.exec(info)?.[1] ?? 0);
}

/** How many keys live under the prefix and the sum of their MEMORY USAGE. */
export async function prefixMemory(redis: Redis, prefix: string): Promise<{ keys: number; keyBytes: number }> {
  let cursor = '0';
  let count = 0;
  let bytes = 0;
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${globEscaped(prefix)}*`, 'COUNT', 1000);
    cursor = next;
    if (found.length > 0) {
      const pipeline = redis.pipeline();
      for (const key of found) pipeline.memory('USAGE', key, 'SAMPLES', '0');
      for (const [, usage] of (await pipeline.exec()) ?? []) {
        if (typeof usage === 'number') {
          count += 1;
          bytes += usage;
        }
      }
    }
  } while (cursor !== '0');
  return { keys: count, keyBytes: bytes };
}
