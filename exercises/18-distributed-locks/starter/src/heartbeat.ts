import type { HeldLock } from './acquire-lock.ts';
import type { LockStore } from './lock-store.ts';

/**
 * Keeps the lock while a section runs. `signal` aborts when the lock is lost, so the section stops
 * before it writes.
 */
export function startHeartbeat(_store: LockStore, _lock: HeldLock, _ttlMs: number) {
  const controller = new AbortController();
  // TODO(R2): every ttlMs / 3, store.extend(lock.key, lock.value, ttlMs); when it answers false (or
  //           fails), controller.abort(…): the lock is lost.
  return {
    signal: controller.signal,
    stop: () => {},
  };
}
