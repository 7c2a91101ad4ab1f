import type { Redis } from 'ioredis';
import { EXTEND_SCRIPT, type LockStore, RELEASE_SCRIPT } from './lock-store.ts';

/** A lock on one Redis node: one atomic SET NX PX, Lua scripts for extend and release. */
export function singleNodeStore(redis: Redis): LockStore {
  return {
    async tryAcquire(key, value, ttlMs) {
      return (await redis.set(key, value, 'PX', ttlMs, 'NX')) === 'OK';
    },
    async extend(key, value, ttlMs) {
      return (await redis.eval(EXTEND_SCRIPT, 1, key, value, ttlMs)) === 1;
    },
    async release(key, value) {
      await redis.eval(RELEASE_SCRIPT, 1, key, value);
    },
  };
}
