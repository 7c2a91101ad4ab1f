/**
 * Where a lock lives: one Redis node, or a quorum of nodes (Redlock). Every operation names the
 * owner's random value, so only the owner can extend or release.
 */
export interface LockStore {
  /** SET NX PX: true when this owner now holds the key for ttlMs. */
  tryAcquire(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** Resets the TTL only if the key still holds `value`; false means the lock is lost. */
  extend(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** Deletes the key only if it still holds `value`: a lock that expired and moved on is not ours. */
  release(key: string, value: string): Promise<void>;
}

/** Compare-and-delete: DEL only when the value is still ours. */
export const RELEASE_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`;

/** Compare-and-extend: PEXPIRE only when the value is still ours. */
export const EXTEND_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0`;
