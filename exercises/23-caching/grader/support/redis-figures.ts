import type { Redis } from 'ioredis';

/** used_memory from INFO memory. */
export async function usedMemory(redis: Redis): Promise<number> {
  return Number(/^used_memory:(\d+)/m.exec(await redis.info('memory'))?.[1] ?? Number.NaN);
}

/** Every key under the prefix (SCAN, never KEYS). */
export async function keysUnder(redis: Redis, prefix: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, page] = await redis.scan(cursor, 'MATCH', `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`, 'COUNT', 1000);
    cursor = next;
    found.push(...page);
  } while (cursor !== '0');
  return found;
}

/** The sum of MEMORY USAGE over the keys. */
export async function memoryUsage(redis: Redis, keys: readonly string[]): Promise<number> {
  if (keys.length === 0) return 0;
  const pipeline = redis.pipeline();
  for (const key of keys) pipeline.memory('USAGE', key);
  const results = (await pipeline.exec()) ?? [];
  return results.reduce((sum, [, usage]) => sum + (typeof usage === 'number' ? usage : 0), 0);
}

/** PTTL of each key, in one round trip (-2: no such key, -1: no expiry). */
export async function pttls(redis: Redis, keys: readonly string[]): Promise<number[]> {
  const pipeline = redis.pipeline();
  for (const key of keys) pipeline.pttl(key);
  return ((await pipeline.exec()) ?? []).map(([, pttl]) => Number(pttl));
}

/** Calls per command from INFO commandstats (`get` → calls). */
export async function commandCalls(redis: Redis): Promise<Record<string, number>> {
  const calls: Record<string, number> = {};
  for (const match of (await redis.info('commandstats')).matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) {
    calls[match[1] as string] = Number(match[2]);
  }
  return calls;
}

/** `actual` lies within ±ratio of `[low, high]`. */
export const within = (actual: unknown, low: number, high: number, ratio: number): boolean =>
  typeof actual === 'number' && actual >= low * (1 - ratio) && actual <= high * (1 + ratio);
