import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { faultLedgerPath } from '../../harness/faults/fault-ledger.ts';
import { toxiproxyLink } from '../../harness/faults/toxiproxy-faults.ts';
import { undoFaults } from '../../harness/faults/undo-faults.ts';
import { imageSpec } from '../../harness/services/image-catalog.ts';
import { newRunId } from '../../harness/services/run-id.ts';
import { startServices } from '../../harness/services/start-services.ts';
import { ToxiproxyApi } from '../../harness/services/toxiproxy-api.ts';
import { createProxyTo } from '../../harness/services/toxiproxy-links.ts';
import { proxyName } from '../../harness/services/toxiproxy-service.ts';
import { runLab } from '../run-lab.ts';
import { containersWithLabel } from './docker-ps.ts';
import { holdServices } from './run-held.ts';

beforeAll(() => {
  for (const image of [imageSpec('toxiproxy').offline, imageSpec('postgres').offline]) {
    expect(() => execFileSync('docker', ['image', 'inspect', image], { stdio: 'ignore' }), image).not.toThrow();
  }
});

afterEach(() => {
  delete process.env.LAB_TOXIPROXY_URL;
  delete process.env.LAB_DATABASE_URL;
});

/** A connected pg client; the caller ends it. */
async function client(url: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  c.on('error', () => {});
  await c.connect();
  return c;
}

/** Milliseconds one `SELECT 1` takes on an open connection. */
async function roundTripMs(c: pg.Client): Promise<number> {
  const started = performance.now();
  await c.query('SELECT 1');
  return performance.now() - started;
}

describe('toxiproxy: the program reaches a dependency through a proxy graders degrade', () => {
  test('latency and a cut show through the proxy, not on the direct URL; teardown undoes them and leaves nothing', async () => {
    const runId = newRunId();
    const runDir = mkdtempSync(join(tmpdir(), 'lab-toxiproxy-'));
    const services = await startServices(['postgres'], { runId, toxiproxy: ['postgres'] });
    const proxied = services.env.DATABASE_URL ?? '';
    const direct = services.urls.postgres ?? '';
    const api = new ToxiproxyApi(services.urls.toxiproxy ?? '');
    try {
      expect(services.services.map((s) => [s.name, s.mode])).toEqual([
        ['postgres', 'container'],
        ['toxiproxy', 'container'],
      ]);
      expect(new URL(proxied).port).not.toBe(new URL(direct).port);
      expect(new URL(proxied).pathname).toBe(`/lab_${runId}`);
      const [proxy] = await api.proxies();
      expect(proxy).toMatchObject({ name: proxyName(runId, 'postgres'), enabled: true, toxics: [] });

      const link = toxiproxyLink({
        api: api.url,
        proxy: proxyName(runId, 'postgres'),
        service: 'postgres',
        directUrl: direct,
        runDir,
      });
      const through = await client(proxied);
      const straight = await client(direct);
      expect(await roundTripMs(through)).toBeLessThan(500);

      const latency = await link.latency(1_000, { jitterMs: 50 });
      expect((await link.toxics()).map((t) => [t.name, t.type, t.stream])).toEqual([
        [latency, 'latency', 'downstream'],
      ]);
      expect(await roundTripMs(through)).toBeGreaterThanOrEqual(950);
      expect(await roundTripMs(straight)).toBeLessThan(500);

      await link.cut();
      await expect(through.query('SELECT 1')).rejects.toThrow();
      await expect(client(proxied)).rejects.toThrow();
      expect(await roundTripMs(straight)).toBeLessThan(500);
      await through.end().catch(() => {});
      await straight.end();

      const ledger = readFileSync(faultLedgerPath(runDir), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).kind);
      expect(ledger).toEqual(['toxic', 'proxy-cut']);
      const report = await undoFaults(runDir);
      expect(report).toMatchObject({
        toxiproxy: [`${proxyName(runId, 'postgres')}/${latency}`, proxyName(runId, 'postgres')],
        failed: [],
      });
      expect(await api.proxy(proxyName(runId, 'postgres'))).toMatchObject({ enabled: true, toxics: [] });
      const again = await client(proxied);
      expect(await roundTripMs(again)).toBeLessThan(500);
      await again.end();
    } finally {
      await services.stop();
      rmSync(runDir, { recursive: true, force: true });
    }
    expect(containersWithLabel(`dev.lab.run=${runId}`)).toEqual([]);
  }, 120_000);

  test('on a shared Toxiproxy (LAB_TOXIPROXY_URL) a run has its own proxies, and a criterion its own, all deleted at its stop', async () => {
    const owner = await startServices(['postgres', 'toxiproxy'], { runId: newRunId() });
    try {
      process.env.LAB_TOXIPROXY_URL = owner.serverUrls.toxiproxy ?? '';
      process.env.LAB_DATABASE_URL = owner.serverUrls.postgres ?? '';
      const runId = newRunId();
      const run = await startServices(['postgres'], { runId, toxiproxy: ['postgres'] });
      const api = new ToxiproxyApi(process.env.LAB_TOXIPROXY_URL);
      try {
        expect(run.services.map((s) => s.mode)).toEqual(['external', 'external']);
        expect((await api.proxies()).map((p) => p.name)).toEqual([proxyName(runId, 'postgres')]);
        const c = await client(run.env.DATABASE_URL ?? '');
        expect((await c.query('SELECT current_database() AS db')).rows).toEqual([{ db: `lab_${runId}` }]);

        // A criterion's own proxy (criterionToxiproxy): cutting it leaves the run's shared link alone.
        const own = await createProxyTo(api, `${proxyName(runId, 'postgres')}_r2`, run.urls.postgres ?? '');
        const ownUrl = own.proxied(run.urls.postgres ?? '');
        expect(new URL(ownUrl).port).not.toBe(new URL(run.env.DATABASE_URL ?? '').port);
        const viaOwn = await client(ownUrl);
        expect(await roundTripMs(viaOwn)).toBeLessThan(500);
        await api.setEnabled(own.name, false);
        await expect(viaOwn.query('SELECT 1')).rejects.toThrow();
        expect(await roundTripMs(c)).toBeLessThan(500);
        await viaOwn.end().catch(() => {});
        await c.end();
      } finally {
        await run.stop();
      }
      expect(await api.proxies()).toEqual([]);
    } finally {
      await owner.stop();
    }
  }, 120_000);

  test('a lab process killed mid-run leaves a labelled toxiproxy container that `lab doctor` reports', async () => {
    const runId = `killed_${newRunId()}`;
    const held = holdServices(['toxiproxy'], { env: { LAB_TEST_RUN_ID: runId } });
    try {
      const first = await held.first;
      expect(first.services?.[0]).toMatchObject({ name: 'toxiproxy', mode: 'container' });
      held.child.kill('SIGKILL');
      await once(held.child, 'exit');
      const [leftover = ''] = containersWithLabel(`dev.lab.run=${runId}`);
      expect(leftover).not.toBe('');
      const doctor = JSON.parse((await runLab(['doctor', '--json'])).stdout);
      const check = doctor.services.find((c: { name: string }) => c.name === 'leftover containers');
      expect(check).toMatchObject({ ok: false });
      expect(check.detail).toContain(leftover);
    } finally {
      held.child.kill('SIGKILL');
      // Only this test's own leftover: other runs' containers on this engine are not ours to remove.
      const ids = containersWithLabel(`dev.lab.run=${runId}`);
      if (ids.length > 0) execFileSync('docker', ['rm', '-f', '-v', ...ids], { stdio: 'ignore' });
    }
  }, 60_000);
});
