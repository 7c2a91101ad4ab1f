import type { Redis } from 'ioredis';
import type { LockStore } from './lock-store.ts';

/** A lock on one Redis node. */
export function singleNodeStore(_redis: Redis): LockStore {
  return {
    async tryAcquire(_key, _value, _ttlMs) {
      // TODO(R1): one atomic command: SET key value PX ttlMs NX — never GET then SET.
      return true;
    },
    async extend(_key, _value, _ttlMs) {
      // TODO(R2): run the compare-and-extend script; false when the key is gone or not yours.
      return true;
    },
    async release(_key, _value) {
      // TODO(R1): run the compare-and-delete script (a plain DEL could delete the next owner's lock).
    },
  };
}
