import type { Redis } from 'ioredis';
import { LabError } from '../errors.ts';
import { redactUrl } from './redact-url.ts';
import { containerOf, nextStepForServer } from './shared-server.ts';
import { startContainer } from './start-container.ts';
import type { ServiceRun, StartedService } from './started-service.ts';

/**
 * Redis for one run. Container mode: a fresh `RedisContainer` (@testcontainers/redis), so a run
 * sees no other run's keys. Shared mode (an external server from `LAB_REDIS_URL`, or a warm container
 * from `lab up` / `lab watch`): lab neither starts nor stops it. Either way the program gets REDIS_URL
 * and KEY_PREFIX = `lab:<runId>:` (every manifest asks learners to keep their keys under it; a
 * database index would not isolate pub/sub or a cluster), and on a shared server the run's keys are
 * deleted at stop.
 */
export async function startRedis(run: ServiceRun): Promise<StartedService> {
  const startedAt = Date.now();
  const keyPrefix = `lab:${run.runId}:`;
  const shared = run.shared;
  if (shared) {
    const url = shared.url;
    run.onProgress({ type: 'external', service: 'redis', url: redactUrl(url), source: shared.source });
    const client = await connect(url, shared.source);
    const readyMs = Date.now() - startedAt;
    run.onProgress({ type: 'ready', service: 'redis', url: redactUrl(url), ms: readyMs });
    return {
      info: { name: 'redis', mode: shared.mode, url, readyMs, ...containerOf(shared) },
      serverUrl: url,
      env: { REDIS_URL: url, KEY_PREFIX: keyPrefix },
      stop: async () => {
        const stoppedAt = Date.now();
        try {
          await deleteKeys(client, keyPrefix);
        } finally {
          client.disconnect();
        }
        run.onProgress({ type: 'dropped', service: 'redis', ms: Date.now() - stoppedAt });
      },
    };
  }

  const { RedisContainer } = await import('@testcontainers/redis');
  const { container, image, host } = await startContainer(run, 'redis', 6379, (tag) => new RedisContainer(tag));
  const stopContainer = async () => {
    const stoppedAt = Date.now();
    await container.stop();
    run.onProgress({ type: 'stopped', service: 'redis', ms: Date.now() - stoppedAt });
  };
  const url = `redis://${host}:${container.getPort()}`;
  try {
    // Ready means it answers PING from this machine (a protected-mode Redis logs "ready" and then denies).
    (await connect(url, 'the redis container')).disconnect();
  } catch (error) {
    await stopContainer();
    throw error;
  }
  const readyMs = Date.now() - startedAt;
  run.onProgress({ type: 'ready', service: 'redis', url, ms: readyMs });
  return {
    info: { name: 'redis', mode: 'container', url, image, containerId: container.getId(), readyMs },
    serverUrl: url,
    env: { REDIS_URL: url, KEY_PREFIX: keyPrefix },
    stop: stopContainer,
  };
}

async function connect(url: string, what: string): Promise<Redis> {
  const { Redis } = await import('ioredis');
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 5_000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    const pong = await client.ping();
    if (pong !== 'PONG') throw new Error(`PING answered ${pong}`);
    return client;
  } catch (error) {
    client.disconnect();
    throw new LabError(`Redis at ${redactUrl(url)} (${what}) did not answer PING: ${(error as Error).message}`, {
      kind: 'environment',
      next: nextStepForServer('redis', what),
    });
  }
}

/** Deletes this run's keys from a shared Redis (external mode). */
async function deleteKeys(client: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    if (keys.length > 0) await client.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
}
