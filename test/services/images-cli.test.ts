import { once } from 'node:events';
import { beforeAll, describe, expect, test } from 'vitest';
import { newRunId } from '../../harness/services/run-id.ts';
import { runLab } from '../run-lab.ts';
import { containersWithLabel, offlineImagesPresent } from './docker-ps.ts';
import { holdServices } from './run-held.ts';

beforeAll(() => {
  expect(offlineImagesPresent(), 'build the images first: bash containers/ci-prepare.sh').toBe(true);
});

interface Check {
  name: string;
  ok: boolean;
  detail: string;
  next?: string;
}

describe('lab images and lab doctor', () => {
  test('lab images list --json: official and offline image of each service, and which a run uses', async () => {
    const run = await runLab(['images', 'list', '--json']);
    expect(run.code).toBe(0);
    const { images } = JSON.parse(run.stdout);
    expect(images).toEqual([
      expect.objectContaining({
        service: 'redis',
        image: 'redis:7.0',
        offline: 'lab/redis:7.0-bookworm',
        offlinePresent: true,
        offlineCurrent: true,
        uses: 'lab/redis:7.0-bookworm',
        usesSource: 'offline',
      }),
      expect.objectContaining({ service: 'postgres', offline: 'lab/postgres:15-bookworm', usesSource: 'offline' }),
      expect.objectContaining({ service: 'rabbitmq', offline: 'lab/rabbitmq:3.10-bookworm', usesSource: 'offline' }),
      expect.objectContaining({
        service: 'toxiproxy',
        offline: 'lab/toxiproxy:2.12.0-bookworm',
        usesSource: 'offline',
      }),
      expect.objectContaining({ service: 'kafka', offline: 'lab/kafka:4.1.1-bookworm', usesSource: 'offline' }),
    ]);
    const overridden = JSON.parse(
      (await runLab(['images', 'list', '--json'], { LAB_IMAGE_REDIS: 'mine/redis:1' })).stdout,
    );
    expect(overridden.images[0]).toMatchObject({ uses: 'mine/redis:1', usesSource: 'env', usesPresent: false });
  });

  test('lab images build skips what is present; an unknown service is a usage error', async () => {
    const run = await runLab(['images', 'build', 'redis', 'postgres']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/redis: lab\/redis:7\.0-bookworm is present and built from the current recipe/);
    expect(run.stdout).toMatch(/postgres: lab\/postgres:15-bookworm is present/);
    const unknown = await runLab(['images', 'build', 'opensearch']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no offline recipe for opensearch/);
  });

  test('lab doctor --json reports the images a run would use', async () => {
    const run = await runLab(['doctor', '--json']);
    const report = JSON.parse(run.stdout);
    const byName = Object.fromEntries(report.services.map((c: Check) => [c.name, c]));
    expect(byName['redis image']).toMatchObject({ ok: true, detail: 'lab/redis:7.0-bookworm (offline)' });
    expect(byName['postgres image']).toMatchObject({ ok: true, detail: 'lab/postgres:15-bookworm (offline)' });
    const missing = JSON.parse((await runLab(['doctor', '--json'], { LAB_IMAGE_POSTGRES: 'lab/nothing:here' })).stdout);
    const postgres = missing.services.find((c: Check) => c.name === 'postgres image');
    expect(postgres).toMatchObject({ ok: false });
    expect(postgres.detail).toMatch(/lab\/nothing:here \(env\), which is not on this machine/);
    expect(postgres.next).toMatch(/lab images build postgres/);
  });

  test('lab doctor --cleanup removes what a killed run left, and keeps the containers of a run going on', async () => {
    const [killedRun, aliveRun] = [`killed_${newRunId()}`, `alive_${newRunId()}`];
    const killed = holdServices(['redis'], { env: { LAB_TEST_RUN_ID: killedRun } });
    const alive = holdServices(['redis'], { env: { LAB_TEST_RUN_ID: aliveRun } });
    try {
      await Promise.all([killed.first, alive.first]);
      killed.child.kill('SIGKILL');
      await once(killed.child, 'exit');
      const [leftover = ''] = containersWithLabel(`dev.lab.run=${killedRun}`);
      const [live = ''] = containersWithLabel(`dev.lab.run=${aliveRun}`);

      const before = JSON.parse((await runLab(['doctor', '--json'])).stdout);
      const check = before.services.find((c: Check) => c.name === 'leftover containers');
      expect(check.ok).toBe(false);
      expect(check.detail).toContain(leftover);
      expect(check.detail).not.toContain(live);
      expect(check.next).toMatch(/lab doctor --cleanup/);

      const cleanup = JSON.parse((await runLab(['doctor', '--cleanup', '--json'])).stdout);
      // Other test files may have left (or be tearing down) containers of their own: check ours.
      const removed = cleanup.removed.map((c: { id: string }) => c.id);
      expect(removed).toContain(leftover);
      expect(removed).not.toContain(live);
      expect(containersWithLabel(`dev.lab.run=${killedRun}`)).toEqual([]);
      expect(containersWithLabel(`dev.lab.run=${aliveRun}`)).toEqual([live]);
    } finally {
      alive.child.kill('SIGTERM');
      await once(alive.child, 'exit');
      killed.child.kill('SIGKILL');
    }
    expect(containersWithLabel(`dev.lab.run=${aliveRun}`)).toEqual([]);
  });
});
