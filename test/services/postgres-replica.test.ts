import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readFaults } from '../../harness/faults/fault-ledger.ts';
import { undoFaults } from '../../harness/faults/undo-faults.ts';
import { type ReplicatedPostgres, sql, startReplicatedPostgresFor } from '../../harness/services/postgres-replica.ts';
import { newRunId } from '../../harness/services/run-id.ts';
import { containersWithLabel, offlineImagesPresent } from './docker-ps.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('startReplicatedPostgres: a primary and a real streaming replica', () => {
  const runId = newRunId();
  const runDir = mkdtempSync(join(tmpdir(), 'lab-replica-'));
  let topology: ReplicatedPostgres;

  beforeAll(async () => {
    expect(offlineImagesPresent(), 'build the images first: bash containers/ci-prepare.sh').toBe(true);
    topology = await startReplicatedPostgresFor({ runId, runDir }, 'pg');
  }, 90_000);

  afterAll(async () => {
    await undoFaults(runDir);
    rmSync(runDir, { recursive: true, force: true });
  });

  test('both containers are in the ledger, labelled for the run, and share one database', async () => {
    expect(readFaults(runDir).map((f) => f.kind === 'service-instance' && f.service)).toEqual([
      'pg-primary',
      'pg-replica',
    ]);
    expect(containersWithLabel(`dev.lab.run=${runId}`)).toHaveLength(2);
    expect(topology.env).toEqual({ DATABASE_URL: topology.primary.url, DATABASE_REPLICA_URL: topology.replica.url });
    const [replica] = await sql(
      topology.replica.url,
      'SELECT current_database() AS db, pg_is_in_recovery() AS standby',
    );
    expect(replica).toEqual({ db: `lab_${runId}`, standby: true });
    const [primary] = await sql(topology.primary.url, 'SELECT pg_is_in_recovery() AS standby');
    expect(primary).toEqual({ standby: false });
  });

  test('a row written on the primary appears on the replica; with replay paused it does not, and lag grows', async () => {
    await sql(topology.primary.url, 'CREATE TABLE notes (id int PRIMARY KEY, body text)');
    await sql(topology.primary.url, "INSERT INTO notes VALUES (1, 'streamed')");
    await topology.waitForReplay();
    expect(await sql(topology.replica.url, 'SELECT body FROM notes')).toEqual([{ body: 'streamed' }]);
    expect(await topology.replayLagBytes()).toBe(0);

    await topology.pauseReplay();
    try {
      await sql(topology.primary.url, "INSERT INTO notes VALUES (2, 'held back')");
      await sleep(1_200);
      expect(await sql(topology.replica.url, 'SELECT count(*)::int AS n FROM notes')).toEqual([{ n: 1 }]);
      expect(await topology.replayLagBytes()).toBeGreaterThan(0);
      const first = await topology.replayLagSeconds();
      await sleep(1_000);
      expect(await topology.replayLagSeconds()).toBeGreaterThan(first);
      expect(first).toBeGreaterThan(0.5);
    } finally {
      await topology.resumeReplay();
    }
    await topology.waitForReplay();
    expect(await sql(topology.replica.url, 'SELECT count(*)::int AS n FROM notes')).toEqual([{ n: 2 }]);
  });

  test('container faults act on each node and are recorded; teardown leaves nothing', async () => {
    await topology.primary.pause();
    await expect(sql(topology.primary.url, 'SELECT 1', [])).rejects.toThrow();
    await topology.primary.unpause();
    expect(await sql(topology.primary.url, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
    expect(
      readFaults(runDir)
        .filter((f) => f.kind === 'container')
        .map((f) => f.kind === 'container' && f.action),
    ).toEqual(['pause', 'unpause']);
    const report = await undoFaults(runDir);
    expect(report.failed).toEqual([]);
    expect(report.removed).toHaveLength(2);
    expect(containersWithLabel(`dev.lab.run=${runId}`)).toEqual([]);
  }, 30_000);
});
