import { afterAll, beforeAll, expect, test } from 'vitest';
import { criterion, type StartedLearnerService, startInstance } from '../../../harness/grading/grader-kit.ts';
import { continuousLoad } from './support/continuous-load.ts';
import { call, describeAnswer, getKey, inParallel, putKey } from './support/kv-client.ts';
import { type PresenceWatch, watchPresence } from './support/presence-watch.ts';
import { ringAssignments } from './support/ring-command.ts';
import { sameJson } from './support/same-json.ts';
import { keysByShard, placementProblems } from './support/shard-reader.ts';
import { type Shard, shardEnv } from './support/shard-settings.ts';
import { SLOW_WRITES, type SlowWrites, slowWrites } from './support/slow-writes.ts';
import { shardDatabases } from './support/start-shards.ts';
import { type RebalanceReport, waitForRebalance } from './support/wait-rebalance.ts';

/** Enough that the move takes several batches while 8 lanes hammer the moving keys. */
const KEYS = 800;

criterion('R3', 'Rebalancing tool', () => {
  const keys = Array.from({ length: KEYS }, (_, i) => `r3:key:${i}`);
  let shards: Shard[];
  let added: Shard;
  let api: StartedLearnerService;
  let newOwners: Map<string, string>;
  let moving: Set<string>;
  let drop: () => Promise<void> = async () => {};

  beforeAll(async () => {
    // s4 is a database of its own like the others: adding a shard needs a new place for keys, not a
    // new server, and a container would cost its start-up on every run.
    const local = await shardDatabases('r3', ['s1', 's2', 's3', 's4']);
    drop = local.drop;
    shards = local.shards.slice(0, 3);
    added = local.shards[3] as Shard;
    const [started, before, after] = await Promise.all([
      startInstance('r3', shardEnv(shards)),
      ringAssignments(['s1', 's2', 's3'], keys),
      ringAssignments(['s1', 's2', 's3', 's4'], keys),
    ]);
    api = started;
    newOwners = after;
    moving = new Set(keys.filter((k) => before.get(k) !== after.get(k)));
  });
  afterAll(async () => {
    await api?.stop().catch(() => {});
    await drop();
  });

  test('adding s4 under continuous writes and reads: no failed request, every read the last value written, every key on the new ring', async () => {
    const initial = new Map(keys.map((k) => [k, { key: k, n: -1 }] as const));
    const preload = await inParallel(keys, 16, (key) => putKey(api.url, key, initial.get(key)));
    const failedPreload = preload.filter((a) => a.status !== 200);
    expect(
      failedPreload.slice(0, 3).map((a) => describeAnswer('PUT', a)),
      `${failedPreload.length} of ${KEYS} PUTs failed before any shard was added`,
    ).toEqual([]);

    const load = continuousLoad(api.url, keys, moving, initial, { readsPerWrite: 3 });
    let reports: RebalanceReport[] = [];
    let sentAtAdd = 0;
    let slow: SlowWrites | undefined;
    let watch: PresenceWatch | undefined;
    let presence = { nowhere: [] as string[], polls: 0 };
    try {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      sentAtAdd = load.sent();
      watch = await watchPresence(shards, added, [...moving]);
      slow = slowWrites(added);
      const answer = await call(api.url, 'POST', '/admin/shards', { name: added.name, url: added.url });
      expect(answer.status, describeAnswer(`POST /admin/shards {"name":"s4","url":…}`, answer)).toBe(202);
      reports = await waitForRebalance(api.url);
      presence = await watch.stop();
      await slow.stop();
      await new Promise((resolve) => setTimeout(resolve, 1000));
    } finally {
      await watch?.stop();
      await slow?.stop();
      await load.stop();
    }
    const story =
      `lab wrote ${KEYS} keys, then wrote and read them continuously (8 lanes, 3 reads per write, ${load.sent()} requests; ` +
      `${moving.size} keys move to s4 by the ring command) and added s4 after ${sentAtAdd} requests; while keys moved, ` +
      `s4 was slow to accept writes (lab held a write-blocking lock on its kv table ${SLOW_WRITES.holdMs} ms of every ` +
      `${SLOW_WRITES.holdMs + SLOW_WRITES.gapMs}), so a key deleted before its copy commits is on no shard for that long`;
    expect(
      presence.nowhere,
      `${story}; lab read the kv tables of s1…s4 directly ${presence.polls} times while keys moved, and found keys on no ` +
        'shard at all (a crash then would lose them): copy a key to its new shard before deleting it from the old one',
    ).toEqual([]);
    expect(load.problems.slice(0, 8), `${story}; ${load.problems.length} requests went wrong:`).toEqual([]);
    expect(
      reports.some((r) => r.state === 'running' || (r.total ?? 0) > 0),
      `${story}; GET /admin/rebalance must report {state: "running", moved, total} while keys move; it said ${JSON.stringify(reports.slice(0, 3))}`,
    ).toBe(true);
    const last = reports[reports.length - 1];
    expect(
      last && typeof last.moved === 'number' && last.moved > 0 && last.moved === last.total,
      `${story}; the final report must be {state: "done", moved: n, total: n} with n > 0; it was ${JSON.stringify(last)}`,
    ).toBe(true);

    const finals = await inParallel(keys, 16, (key) => getKey(api.url, key));
    const lost = finals
      .map((a, i) => ({ a, key: keys[i] as string }))
      .filter(({ a, key }) => a.status !== 200 || !sameJson(a.body.value, load.written.get(key)));
    expect(
      lost
        .slice(0, 5)
        .map(
          ({ a, key }) =>
            `${describeAnswer(`GET /kv/${key}`, a)}; last written ${JSON.stringify(load.written.get(key))}`,
        ),
      `${story}; after the rebalance ${lost.length} keys did not return the last value written`,
    ).toEqual([]);

    const found = await keysByShard([...shards, added]);
    const { problems, count } = placementProblems(found, newOwners);
    expect(
      problems,
      `${story}; ${count} keys are not exactly on the shard the new ring (s1…s4) names — lab read each shard's kv table`,
    ).toEqual([]);
  });
});
