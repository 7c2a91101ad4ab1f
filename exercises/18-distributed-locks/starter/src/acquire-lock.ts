import { randomUUID } from 'node:crypto';
import type { LockStore } from './lock-store.ts';

/** A lock this worker holds, with the random value that proves it is the owner. */
export interface HeldLock {
  readonly key: string;
  readonly value: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Tries until `timeoutMs` has passed; between attempts it sleeps a short random time, so waiters
 * spread out instead of hammering Redis in lock step. `undefined` means it timed out.
 */
export async function acquireLock(
  store: LockStore,
  key: string,
  ttlMs: number,
  timeoutMs: number,
): Promise<HeldLock | undefined> {
  const value = randomUUID();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await store.tryAcquire(key, value, ttlMs)) return { key, value };
    const left = deadline - Date.now();
    if (left <= 0) return undefined;
    await sleep(Math.min(left, 1 + Math.random() * 6));
  }
}
