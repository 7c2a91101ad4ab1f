import pg from 'pg';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  criterion,
  type ReplicatedPostgres,
  type StartedLearnerService,
  startInstance,
  startReplicatedPostgres,
} from '../../../harness/grading/grader-kit.ts';
import { call, describeAnswer, getKey, inParallel, putKey } from './support/kv-client.ts';
import { metricValue, scrape } from './support/metric-samples.ts';
import { ringAssignments } from './support/ring-command.ts';
import { sameJson } from './support/same-json.ts';
import { type Shard, shardEnv } from './support/shard-settings.ts';
import { shardDatabases } from './support/start-shards.ts';

const REPLICA_MAX_LAG_MS = 2000;

criterion('B2', 'Read replicas', () => {
  let topology: ReplicatedPostgres;
  let api: StartedLearnerService;
  let drop: () => Promise<void> = async () => {};
  /** Keys the ring puts on s1, the shard with a replica. */
  let onS1: string[];

  beforeAll(async () => {
    const candidates = Array.from({ length: 200 }, (_, i) => `b2:key:${i}`);
    const [replicated, local, owners] = await Promise.all([
      startReplicatedPostgres('b2-s1'),
      shardDatabases('b2', ['s2', 's3']),
      ringAssignments(['s1', 's2', 's3'], candidates),
    ]);
    topology = replicated;
    drop = local.drop;
    onS1 = candidates.filter((k) => owners.get(k) === 's1');
    const shards: Shard[] = [{ name: 's1', url: topology.primary.url }, ...local.shards];
    api = await startInstance(
      'b2',
      shardEnv(shards, {
        REPLICA_URLS: `s1=${topology.replica.url}`,
        REPLICA_MAX_LAG_MS: String(REPLICA_MAX_LAG_MS),
      }),
    );
  });
  afterAll(async () => {
    await api?.stop().catch(() => {});
    await topology?.resumeReplay().catch(() => {});
    await drop();
  });

  test('reads go to the replica; with its replay paused, fresh writes read back fresh (or flagged stale), lag rises and an alert names s1', async () => {
    const older = onS1.slice(0, 20);
    const fresh = onS1.slice(20, 30);
    const puts = await inParallel(older, 8, (key) => putKey(api.url, key, { key, v: 1 }));
    expect(
      puts.filter((a) => a.status !== 200).map((a) => describeAnswer('PUT', a)),
      'PUTs failed',
    ).toEqual([]);
    await topology.waitForReplay();
    await new Promise((resolve) => setTimeout(resolve, 1000));

    await topology.pauseReplay();
    // A change the service cannot know about: only a replica read still shows the old value.
    const probe = older[0] as string;
    const client = new pg.Client({ connectionString: topology.primary.url });
    await client.connect();
    try {
      await client.query(`update kv set value = '{"changed": "behind your back"}' where key = $1`, [probe]);
    } finally {
      await client.end();
    }
    const viaReplica = await getKey(api.url, probe);
    expect(
      viaReplica.status === 200 && sameJson(viaReplica.body.value, { key: probe, v: 1 }),
      `lab paused WAL replay on s1's replica and changed ${probe} directly on the primary; a read through the service ` +
        `must come from the replica (the old value {key, v: 1}): ${describeAnswer(`GET /kv/${probe}`, viaReplica)}`,
    ).toBe(true);

    const freshPuts = await inParallel(fresh, 5, (key) => putKey(api.url, key, { key, v: 2 }));
    expect(
      freshPuts.filter((a) => a.status !== 200).map((a) => describeAnswer('PUT', a)),
      'PUTs failed',
    ).toEqual([]);
    const reads = await inParallel(fresh, 5, async (key) => {
      const response = await fetch(`${api.url}/kv/${encodeURIComponent(key)}`);
      const body = (await response.json().catch(() => undefined)) as { value?: unknown; stale?: boolean } | undefined;
      const flagged = body?.stale === true && response.headers.get('x-data-stale') === 'true';
      const freshValue = response.status === 200 && sameJson(body?.value, { key, v: 2 });
      return { key, ok: freshValue || flagged, said: `${response.status} ${JSON.stringify(body)}` };
    });
    expect(
      reads.filter((r) => !r.ok).map((r) => `${r.key}: ${r.said}`),
      'keys written after the pause must read back their new value (from the primary), or be marked ' +
        'stale: true with the header X-Data-Stale: true',
    ).toEqual([]);

    const deadline = Date.now() + 20_000;
    let lag = 0;
    let alerts: unknown;
    let alerted = false;
    while (Date.now() < deadline && !(lag > REPLICA_MAX_LAG_MS / 1000 && alerted)) {
      await putKey(api.url, fresh[0] as string, { key: fresh[0], v: 3 });
      lag = metricValue(await scrape(api.url), 'shard_replica_lag_seconds', { shard: 's1' });
      const answer = await call<{ alerts?: { type?: string; shard?: string }[] }>(api.url, 'GET', '/admin/alerts');
      alerts = answer.body;
      alerted = (answer.body?.alerts ?? []).some((a) => a.type === 'replica_lag' && a.shard === 's1');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(
      lag,
      `with replay paused and writes going on for 20 s, shard_replica_lag_seconds{shard="s1"} must exceed REPLICA_MAX_LAG_MS (${REPLICA_MAX_LAG_MS} ms)`,
    ).toBeGreaterThan(REPLICA_MAX_LAG_MS / 1000);
    expect(
      alerted,
      `GET /admin/alerts must list {type: "replica_lag", shard: "s1"} once the lag exceeds REPLICA_MAX_LAG_MS; it said ${JSON.stringify(alerts)}`,
    ).toBe(true);
  });
});
