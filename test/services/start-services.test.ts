import { Redis } from 'ioredis';
import pg from 'pg';
import { beforeAll, describe, expect, test } from 'vitest';
import { LabError } from '../../harness/errors.ts';
import { newRunId } from '../../harness/services/run-id.ts';
import { startServices } from '../../harness/services/start-services.ts';
import type { ServiceProgress } from '../../harness/services/started-service.ts';
import { containersWithLabel, offlineImagesPresent } from './docker-ps.ts';

beforeAll(() => {
  expect(offlineImagesPresent(), 'build the images first: bash containers/ci-prepare.sh').toBe(true);
});

const redisClient = (url: string) => new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0 });

async function sql<T>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('startServices: containers from lab’s images', () => {
  test('redis and postgres start, answer, get a fresh database and key prefix, and stop leaves nothing', async () => {
    const runId = newRunId();
    const events: ServiceProgress[] = [];
    const services = await startServices(['redis', 'postgres'], { runId, onProgress: (e) => events.push(e) });
    try {
      expect(Object.keys(services.env).sort()).toEqual(['DATABASE_URL', 'KEY_PREFIX', 'REDIS_URL']);
      expect(services.env.KEY_PREFIX).toBe(`lab:${runId}:`);
      expect(services.urls).toEqual({ redis: services.env.REDIS_URL, postgres: services.env.DATABASE_URL });
      expect(services.services.map((s) => [s.name, s.mode])).toEqual([
        ['redis', 'container'],
        ['postgres', 'container'],
      ]);

      const redis = redisClient(services.env.REDIS_URL ?? '');
      await redis.connect();
      expect(await redis.ping()).toBe('PONG');
      expect(await redis.set(`${services.env.KEY_PREFIX}greeting`, 'hello')).toBe('OK');
      expect(await redis.get(`${services.env.KEY_PREFIX}greeting`)).toBe('hello');
      redis.disconnect();

      const [row] = await sql<{ one: number; db: string }>(
        services.env.DATABASE_URL ?? '',
        'SELECT 1 AS one, current_database() AS db',
      );
      expect(row).toEqual({ one: 1, db: `lab_${runId}` });

      for (const service of ['redis', 'postgres'] as const) {
        const types = events.filter((e) => e.service === service).map((e) => e.type);
        expect(types).toEqual(['image', 'started', 'ready']);
      }
      expect(containersWithLabel(`dev.lab.run=${runId}`)).toHaveLength(2);
    } finally {
      await services.stop();
    }
    expect(containersWithLabel(`dev.lab.run=${runId}`)).toEqual([]);
    expect(events.filter((e) => e.type === 'stopped')).toHaveLength(2);
  });

  test('two runs never see each other’s keys', async () => {
    await using first = await startServices(['redis'], { runId: newRunId() });
    await using second = await startServices(['redis'], { runId: newRunId() });
    const a = redisClient(first.env.REDIS_URL ?? '');
    const b = redisClient(second.env.REDIS_URL ?? '');
    try {
      await a.set('shared-name', 'from the first run');
      expect(await b.get('shared-name')).toBeNull();
      expect(await b.dbsize()).toBe(0);
    } finally {
      a.disconnect();
      b.disconnect();
    }
  });

  test('a start-up that fails midway says what to run and leaves no container', async () => {
    const runId = newRunId();
    process.env.LAB_IMAGE_REDIS = 'lab/does-not-exist';
    try {
      // postgres starts fine while redis fails: lab must stop postgres before throwing.
      const events: ServiceProgress[] = [];
      const error = await startServices(['postgres', 'redis'], { runId, onProgress: (e) => events.push(e) }).catch(
        (e: unknown) => e,
      );
      expect(events).toContainEqual(expect.objectContaining({ service: 'postgres', type: 'ready' }));
      expect(error).toBeInstanceOf(LabError);
      const labError = error as LabError;
      expect(labError.kind).toBe('environment');
      expect(labError.message).toMatch(
        /the redis image lab\/does-not-exist is not on this machine and could not be pulled/,
      );
      expect(labError.options.next).toMatch(/unset LAB_IMAGE_REDIS/);
      expect(labError.options.next).toMatch(/lab images build redis/);
    } finally {
      delete process.env.LAB_IMAGE_REDIS;
    }
    expect(containersWithLabel(`dev.lab.run=${runId}`)).toEqual([]);
  });

  test('an aborted run stops what it started', async () => {
    const runId = newRunId();
    const abort = new AbortController();
    const error = await startServices(['redis'], {
      runId,
      signal: abort.signal,
      onProgress: (e) => e.type === 'image' && abort.abort(),
    }).catch((e: unknown) => e);
    expect((error as LabError).kind).toBe('interrupted');
    expect(containersWithLabel(`dev.lab.run=${runId}`)).toEqual([]);
  });
});
