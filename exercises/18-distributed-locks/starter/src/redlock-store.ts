import type { Redis } from 'ioredis';
import type { LockStore } from './lock-store.ts';

/** Opens a client of one Redlock node. */
export function redlockClient(_url: string): Redis {
  // TODO(B2): new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 0, … }) so a stopped
  //           node fails fast instead of queueing commands; ignore its 'error' events.
  throw new Error('Redlock is not implemented yet (B2): unset REDIS_URLS or implement src/redlock-store.ts');
}

/** Redlock over independent nodes (B2). */
export function redlockStore(_clients: readonly Redis[]): LockStore {
  // TODO(B2): SET NX PX on every node in parallel with a short per-node timeout; held only with a
  //           majority and validity left (TTL − elapsed − drift); on failure release on every node.
  throw new Error('Redlock is not implemented yet (B2)');
}
