import type { Redis } from 'ioredis';
import { keys } from './config.ts';

/** ±10 % around the base TTL, so keys cached together do not all expire together. */
export const jitteredTtlMs = (baseSeconds: number): number =>
  Math.round(baseSeconds * 1000 * (0.9 + Math.random() * 0.2));

/** L2: the origin's JSON text under `<prefix>item:<id>`, always written with its TTL in the same command. */
export function redisCache(redis: Redis, prefix: string, ttlSeconds: number) {
  const k = keys(prefix);
  return {
    get: (id: string): Promise<string | null> => redis.get(k.item(id)),
    async set(id: string, text: string): Promise<void> {
      await redis.set(k.item(id), text, 'PX', jitteredTtlMs(ttlSeconds));
    },
    async delete(ids: readonly string[]): Promise<void> {
      if (ids.length > 0) await redis.del(...ids.map(k.item));
    },
  };
}
export type RedisCache = ReturnType<typeof redisCache>;
