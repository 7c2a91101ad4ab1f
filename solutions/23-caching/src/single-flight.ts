import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { keys } from './config.ts';
import type { RedisCache } from './redis-cache.ts';

const LOCK_TTL_MS = 5_000;
const POLL_MS = 20;
const GIVE_UP_MS = 15_000;

const RELEASE_SCRIPT = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Where a loaded value came from: this instance called the origin, or another instance did. */
export interface Loaded {
  readonly text: string;
  readonly fromOrigin: boolean;
}

/**
 * Loads a missing key once across every instance: a short Redis lock (SET NX PX) elects one
 * loader, which calls the origin and fills Redis; the others poll Redis until the value appears
 * (or the lock expires, when they try to take it themselves). Within one process, concurrent
 * callers share the same promise, so only one of them even asks for the lock.
 */
export function singleFlight(redis: Redis, prefix: string, l2: RedisCache, load: (id: string) => Promise<string>) {
  const inFlight = new Map<string, Promise<Loaded>>();
  const lockKey = keys(prefix).lock;

  async function loadOnce(id: string): Promise<Loaded> {
    const token = randomUUID();
    const deadline = Date.now() + GIVE_UP_MS;
    while (Date.now() < deadline) {
      if ((await redis.set(lockKey(id), token, 'PX', LOCK_TTL_MS, 'NX')) === 'OK') {
        try {
          // Another instance may have filled Redis and released the lock between our last look and
          // this lock: look again before calling the origin (double-checked locking).
          const filled = await l2.get(id);
          if (filled !== null) return { text: filled, fromOrigin: false };
          const text = await load(id);
          await l2.set(id, text);
          return { text, fromOrigin: true };
        } finally {
          await redis.eval(RELEASE_SCRIPT, 1, lockKey(id), token);
        }
      }
      await sleep(POLL_MS);
      const cached = await l2.get(id);
      if (cached !== null) return { text: cached, fromOrigin: false };
    }
    throw new Error(`no instance loaded item ${id} within ${GIVE_UP_MS} ms`);
  }

  return (id: string): Promise<Loaded> => {
    let flight = inFlight.get(id);
    if (!flight) {
      flight = loadOnce(id).finally(() => inFlight.delete(id));
      inFlight.set(id, flight);
    }
    return flight;
  };
}
