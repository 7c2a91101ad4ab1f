import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { beforeAll, describe, expect, test } from 'vitest';
import { verifyResultSchema } from '../../harness/grading/verify-result.ts';
import { newRunId } from '../../harness/services/run-id.ts';
import { startServices } from '../../harness/services/start-services.ts';
import { startWarmServices } from '../../harness/services/warm-services.ts';
import { runLab } from '../run-lab.ts';
import { containersWithLabel, offlineImagesPresent } from './docker-ps.ts';

beforeAll(() => {
  expect(offlineImagesPresent(), 'build the images first: bash containers/ci-prepare.sh').toBe(true);
});

async function databases(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ datname: string }>('SELECT datname FROM pg_database')).rows.map((r) => r.datname);
  } finally {
    await client.end();
  }
}

describe('warm services: containers shared by runs, isolation kept per run', () => {
  test('two runs on one warm Redis and Postgres get their own prefix and database, dropped at their end', async () => {
    await using warm = await startWarmServices(['redis', 'postgres'], { source: 'lab watch' });
    const redisServer = warm.servers.redis?.url ?? '';
    const pgServer = warm.servers.postgres?.url ?? '';
    expect(warm.servers.redis).toMatchObject({ mode: 'container', source: 'lab watch' });

    const first = await startServices(['redis', 'postgres'], { runId: newRunId(), warm: warm.servers });
    const second = await startServices(['redis', 'postgres'], { runId: newRunId(), warm: warm.servers });
    expect(first.env.REDIS_URL).toBe(redisServer);
    expect(first.env.KEY_PREFIX).not.toBe(second.env.KEY_PREFIX);
    expect(first.env.DATABASE_URL).not.toBe(second.env.DATABASE_URL);
    expect(first.services.map((s) => s.containerId)).toEqual([
      warm.servers.redis?.containerId,
      warm.servers.postgres?.containerId,
    ]);

    const redis = new Redis(redisServer, { maxRetriesPerRequest: 0 });
    try {
      await redis.set(`${first.env.KEY_PREFIX}n`, '1');
      await redis.set(`${second.env.KEY_PREFIX}n`, '2');
      await first.stop();
      expect(await redis.get(`${first.env.KEY_PREFIX}n`)).toBeNull();
      expect(await redis.get(`${second.env.KEY_PREFIX}n`)).toBe('2');
      const names = await databases(pgServer);
      expect(names).not.toContain(new URL(first.env.DATABASE_URL ?? '').pathname.slice(1));
      expect(names).toContain(new URL(second.env.DATABASE_URL ?? '').pathname.slice(1));
      await second.stop();
      expect(await redis.ping()).toBe('PONG');
    } finally {
      redis.disconnect();
    }
    const ids = [warm.servers.redis?.containerId ?? '', warm.servers.postgres?.containerId ?? ''];
    await warm.stop();
    for (const id of ids) expect(containersWithLabel(`dev.lab.managed=true`)).not.toContain(id.slice(0, 12));
  });

  test('lab up keeps Redis warm for lab verify, which isolates its run on it; lab down removes it', async () => {
    // Warm containers belong to a workspace: this test's own, so no other test's run lands on them.
    const workspace = mkdtempSync(join(tmpdir(), 'lab-warm-'));
    const lab = (args: string[]) => runLab(args, { LAB_WORKSPACE: workspace });
    const keptHere = () => containersWithLabel(`dev.lab.keep=${workspace}`);
    const up = await lab(['up', '2']);
    try {
      expect(up.code, up.stderr).toBe(0);
      expect(up.stdout).toMatch(/redis: warm at redis:\/\/127\.0\.0\.1:\d+/);
      const kept = keptHere();
      expect(kept).toHaveLength(1);
      expect(existsSync(join(workspace, '.lab', 'warm-services.json'))).toBe(true);
      expect(await lab(['up', '2'])).toMatchObject({ code: 0 });
      expect(keptHere()).toEqual(kept);

      const plain = await lab(['verify', '2', '--solution', '--only', 'R1', '--reporter', 'plain']);
      expect(plain.stdout, plain.stderr).toMatch(/redis: warm container from lab up/);
      expect(plain.stdout).toMatch(/redis: this run's keys dropped/);
      expect(plain.code).toBe(0);
      const json = await lab(['verify', '2', '--solution', '--only', 'R1', '--json']);
      expect(verifyResultSchema.parse(JSON.parse(json.stdout)).summary.passed).toBe(true);
      expect(keptHere()).toEqual(kept);
      // Another workspace does not see them.
      const elsewhere = await runLab(['verify', '2', '--solution', '--only', 'R1', '--reporter', 'plain']);
      expect(elsewhere.stdout).not.toMatch(/warm container/);
    } finally {
      const down = await lab(['down']);
      expect(down.stdout).toMatch(/removed 1 warm container/);
    }
    expect(keptHere()).toEqual([]);
    expect(existsSync(join(workspace, '.lab', 'warm-services.json'))).toBe(false);
  });

  test('lab up of a project without services says so', async () => {
    const run = await runLab(['up', '1']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/needs no service/);
  });
});
