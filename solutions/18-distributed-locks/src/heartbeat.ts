import type { HeldLock } from './acquire-lock.ts';
import type { LockStore } from './lock-store.ts';

/**
 * Extends the lock every TTL/3 while the section runs. When an extension fails (the key expired or
 * belongs to someone else) the lock is lost: `signal` aborts so the section stops before it writes.
 */
export function startHeartbeat(store: LockStore, lock: HeldLock, ttlMs: number) {
  const controller = new AbortController();
  const timer = setInterval(() => {
    store.extend(lock.key, lock.value, ttlMs).then(
      (extended) => {
        if (!extended) controller.abort(new Error(`lost lock ${lock.key}: renewal found it gone`));
      },
      (error: Error) => controller.abort(new Error(`lost lock ${lock.key}: renewal failed: ${error.message}`)),
    );
  }, ttlMs / 3);
  return {
    signal: controller.signal,
    stop: () => clearInterval(timer),
  };
}
