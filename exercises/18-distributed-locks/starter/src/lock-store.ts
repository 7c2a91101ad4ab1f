/**
 * Where a lock lives: one Redis node, or a quorum of nodes (Redlock, B2). Every operation names the
 * owner's random value, so only the owner can extend or release.
 */
export interface LockStore {
  /** true when this owner now holds the key for ttlMs. */
  tryAcquire(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** Resets the TTL only if the key still holds `value`; false means the lock is lost. */
  extend(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** Deletes the key only if it still holds `value`. */
  release(key: string, value: string): Promise<void>;
}

// TODO(R1): a Lua compare-and-delete script for release: DEL the key only if GET returns your value.
// TODO(R2): a Lua compare-and-extend script for renewal: PEXPIRE only if GET returns your value.
