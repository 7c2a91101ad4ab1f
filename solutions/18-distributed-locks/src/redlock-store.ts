import { Redis } from 'ioredis';
import { EXTEND_SCRIPT, type LockStore, RELEASE_SCRIPT } from './lock-store.ts';

/** Per-node answer time: a stopped or frozen node must not hold up the quorum. */
const NODE_TIMEOUT_MS = 150;

/** Opens a client that fails fast while its node is down instead of queueing commands. */
export function redlockClient(url: string): Redis {
  const client = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 500,
    retryStrategy: () => 200,
  });
  client.on('error', () => {});
  return client;
}

const withTimeout = async <T>(work: Promise<T>): Promise<T | undefined> => {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), NODE_TIMEOUT_MS);
  });
  try {
    return await Promise.race([work.catch(() => undefined), late]);
  } finally {
    clearTimeout(timer);
  }
};

/**
 * Redlock over independent nodes: a lock is held only when a majority granted it and the time spent
 * asking left some validity (TTL minus elapsed time minus an allowance for clock drift). A failed
 * attempt is released on every node at once, so a minority grant never blocks anybody.
 */
export function redlockStore(clients: readonly Redis[]): LockStore {
  const quorum = Math.floor(clients.length / 2) + 1;
  const onEvery = (call: (client: Redis) => Promise<unknown>) =>
    Promise.all(clients.map((client) => withTimeout(call(client))));
  const release = async (key: string, value: string) => {
    await onEvery((client) => client.eval(RELEASE_SCRIPT, 1, key, value));
  };
  return {
    async tryAcquire(key, value, ttlMs) {
      const started = Date.now();
      const answers = await onEvery((client) => client.set(key, value, 'PX', ttlMs, 'NX'));
      const granted = answers.filter((answer) => answer === 'OK').length;
      const drift = Math.round(ttlMs * 0.01) + 2;
      const validity = ttlMs - (Date.now() - started) - drift;
      if (granted >= quorum && validity > 0) return true;
      await release(key, value);
      return false;
    },
    async extend(key, value, ttlMs) {
      const answers = await onEvery((client) => client.eval(EXTEND_SCRIPT, 1, key, value, ttlMs));
      return answers.filter((answer) => answer === 1).length >= quorum;
    },
    release,
  };
}
