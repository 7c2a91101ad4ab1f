import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  criterion,
  type StartedLearnerService,
  startContainer,
  startInstance,
  stopContainer,
  unpauseContainer,
} from '../../../harness/grading/grader-kit.ts';
import { freezeShard } from './support/freeze-shard.ts';
import {
  type Answer,
  call,
  deleteKey,
  describeAnswer,
  getKey,
  inParallel,
  type KvBody,
  putKey,
} from './support/kv-client.ts';
import { percentile } from './support/percentile.ts';
import { watchConnections } from './support/pool-watch.ts';
import { readProgramFile } from './support/read-program-file.ts';
import { ringAssignments } from './support/ring-command.ts';
import { sameJson } from './support/same-json.ts';
import { keysByShard, placementProblems } from './support/shard-reader.ts';
import { SHARD_POOL_MAX, SHARD_TIMEOUT_MS, type Shard, shardEnv } from './support/shard-settings.ts';
import { shardContainers, shardDatabases } from './support/start-shards.ts';

/** The shard the grader kills: a container of its own. */
const VICTIM = 's3';
const VICTIM_CONTAINER = 'r2-s3';
/** Timer slack on a loaded machine on top of the learner's own bound. */
const FAIL_WITHIN_MS = SHARD_TIMEOUT_MS + 1000;
/** Live shards must not wait on the dead one; generous for a loaded 2-core machine. */
const LIVE_P95_MS = 500;
/** Requests sent 100 at a time while lab watches each shard's connections: pools fill within a few dozen. */
const BURST = 600;

criterion('R2', 'Router & connection pools', () => {
  const keys = Array.from({ length: 300 }, (_, i) => `r2:key:${i}`);
  let shards: Shard[];
  let api: StartedLearnerService;
  let owners: Map<string, string>;
  let drop: () => Promise<void> = async () => {};

  beforeAll(async () => {
    const [local, containers, ring] = await Promise.all([
      shardDatabases('r2', ['s1']),
      shardContainers('r2', ['s2', 's3']),
      ringAssignments(['s1', 's2', 's3'], keys),
    ]);
    drop = local.drop;
    shards = [...local.shards, ...containers];
    owners = ring;
    api = await startInstance('r2', shardEnv(shards, {}, SHARD_TIMEOUT_MS));
  });
  afterAll(async () => {
    await api?.stop().catch(() => {});
    await drop();
  });

  const keysOn = (shard: string) => keys.filter((k) => owners.get(k) === shard);
  const writtenValue = (key: string) => ({ key, n: key.length });

  test('PUT/GET/DELETE go to the shard ring names, and each shard read directly holds exactly its keys', async () => {
    const puts = await inParallel(keys, 16, (key) => putKey(api.url, key, writtenValue(key)));
    const badPuts = puts.map((a, i) => ({ a, key: keys[i] as string })).filter(({ a }) => a.status !== 200);
    expect(
      badPuts.slice(0, 3).map(({ a, key }) => describeAnswer(`PUT /kv/${key}`, a)),
      `${badPuts.length} of ${keys.length} PUTs failed`,
    ).toEqual([]);
    const wrongShard = puts
      .map((a, i) => ({ key: keys[i] as string, said: a.body?.shard }))
      .filter(({ key, said }) => said !== owners.get(key));
    expect(
      wrongShard.slice(0, 3).map(({ key, said }) => `${key}: PUT said ${said}, ring says ${owners.get(key)}`),
      'PUT /kv/:key must answer {key, shard, version} with the shard the ring command names',
    ).toEqual([]);

    const found = await keysByShard(shards);
    const { problems, count } = placementProblems(found, owners);
    expect(
      problems,
      `${count} of ${keys.length} keys are not exactly on the shard ring names (lab read each shard's kv table)`,
    ).toEqual([]);

    const gets = await inParallel(keys, 16, (key) => getKey(api.url, key));
    const badGets = gets
      .map((a, i) => ({ a, key: keys[i] as string }))
      .filter(({ a, key }) => a.status !== 200 || !sameJson(a.body.value, writtenValue(key)));
    expect(
      badGets.slice(0, 3).map(({ a, key }) => describeAnswer(`GET /kv/${key}`, a)),
      `${badGets.length} GETs did not return the value written`,
    ).toEqual([]);

    const doomed = keys.filter((_, i) => i % 10 === 0);
    const deletes = await inParallel(doomed, 16, (key) => deleteKey(api.url, key));
    expect(
      deletes
        .filter((a) => a.status !== 204)
        .slice(0, 3)
        .map((a) => describeAnswer('DELETE', a)),
      'DELETE /kv/:key must answer 204',
    ).toEqual([]);
    const after = await keysByShard(shards);
    const left = [...after.values()].flat().filter((k) => doomed.includes(k));
    expect(left.slice(0, 5), 'deleted keys must be gone from every shard').toEqual([]);
    const missing = await inParallel(doomed.slice(0, 5), 5, (key) => getKey(api.url, key));
    expect(
      missing.map((a) => a.status),
      'GET of a deleted key must answer 404',
    ).toEqual([404, 404, 404, 404, 404]);
    for (const key of doomed) owners.delete(key);
  });

  test(`under 100 concurrent requests no shard sees more than SHARD_POOL_MAX=${SHARD_POOL_MAX} connections from the service`, async () => {
    const live = [...owners.keys()];
    const work = Array.from({ length: BURST }, (_, i) => live[i % live.length] as string);
    const watch = await watchConnections(shards);
    let answers: Answer[] = [];
    let most: Record<string, number> = {};
    try {
      answers = await inParallel(work, 100, (key, i) =>
        i % 2 === 0 ? putKey(api.url, key, writtenValue(key)) : getKey(api.url, key),
      );
    } finally {
      most = await watch.stop();
    }
    const failed = answers.filter((a) => a.status !== 200);
    expect(
      failed.slice(0, 3).map((a) => describeAnswer('request', a)),
      `${failed.length} of ${BURST} requests failed`,
    ).toEqual([]);
    const over = Object.entries(most).filter(([, n]) => n > SHARD_POOL_MAX);
    expect(
      over,
      `lab sampled pg_stat_activity of each shard every 10 ms during ${BURST} requests, 100 at a time; the most connections ` +
        `from the service were ${JSON.stringify(most)}. Use one pg.Pool per shard with max: SHARD_POOL_MAX`,
    ).toEqual([]);
    expect(
      Object.values(most).every((n) => n >= 1),
      `lab saw no connection at all on some shard: ${JSON.stringify(most)}`,
    ).toBe(true);
  });

  /** Requests for the victim's keys (must fail fast, naming it) and for the others (must keep serving). */
  async function probe(during: string) {
    const dead = keysOn(VICTIM).slice(0, 8);
    const live = keys.filter((k) => owners.has(k) && owners.get(k) !== VICTIM);
    const [deadAnswers, liveAnswers] = await Promise.all([
      // Waiting longer than the bound plus slack proves nothing more; it only slows a failing run.
      inParallel(dead, 8, (key, i) =>
        i % 2 === 0
          ? getKey(api.url, key, FAIL_WITHIN_MS + 2000)
          : call<KvBody>(
              api.url,
              'PUT',
              `/kv/${encodeURIComponent(key)}`,
              { value: writtenValue(key) },
              FAIL_WITHIN_MS + 2000,
            ),
      ),
      inParallel(live.slice(0, 160), 4, (key) => getKey(api.url, key)),
    ]);
    const badDead = deadAnswers
      .map((a, i) => ({ a, key: dead[i] as string }))
      .filter(({ a }) => {
        const body = a.body as { error?: unknown; shard?: unknown } | undefined;
        return (
          a.status !== 503 ||
          body?.shard !== VICTIM ||
          typeof body.error !== 'string' ||
          !body.error.includes(VICTIM) ||
          a.ms > FAIL_WITHIN_MS
        );
      });
    expect(
      badDead.slice(0, 4).map(({ a, key }) => describeAnswer(`${key} (on ${VICTIM})`, a)),
      `${during}: requests for keys of ${VICTIM} must fail within SHARD_TIMEOUT_MS + 1000 = ${FAIL_WITHIN_MS} ms ` +
        `with 503 {"error": "<message naming ${VICTIM}>", "shard": "${VICTIM}"}`,
    ).toEqual([]);
    const badLive = liveAnswers.filter((a) => a.status !== 200);
    expect(
      badLive.slice(0, 3).map((a) => describeAnswer('GET of a key on a live shard', a)),
      `${during}: keys of the other shards must keep being served`,
    ).toEqual([]);
    const p95 = percentile(
      liveAnswers.map((a) => a.ms),
      95,
    );
    expect(
      p95,
      `${during}: p95 of 160 GETs of keys on live shards was ${Math.round(p95)} ms (limit ${LIVE_P95_MS} ms): ` +
        `a dead shard must cost only its own requests`,
    ).toBeLessThan(LIVE_P95_MS);
  }

  test(`with ${VICTIM} paused (frozen: it accepts nothing and answers nothing), its keys fail fast with 503 and the others serve`, async () => {
    await freezeShard(VICTIM_CONTAINER);
    try {
      await probe(`with ${VICTIM} paused`);
    } finally {
      await unpauseContainer(VICTIM_CONTAINER);
    }
  });

  test(`with ${VICTIM} stopped, its keys fail fast with 503; once it starts again they are served without restarting the service`, async () => {
    await stopContainer(VICTIM_CONTAINER);
    try {
      await probe(`with ${VICTIM} stopped`);
    } finally {
      await startContainer(VICTIM_CONTAINER);
    }
    const dead = keysOn(VICTIM).slice(0, 8);
    const deadline = Date.now() + 30_000;
    let last: Answer<KvBody>[] = [];
    while (Date.now() < deadline) {
      last = await inParallel(dead, 8, (key) => getKey(api.url, key));
      // Only "shard unavailable" (5xx, or no answer) can still turn into 200 by waiting.
      if (last.every((a) => a.status !== 0 && a.status < 500)) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(
      last
        .filter((a) => a.status !== 200)
        .slice(0, 3)
        .map((a) => describeAnswer(`GET of a key on ${VICTIM}`, a)),
      `${VICTIM} was started again; within 30 s the service must serve its keys again (pg pools reconnect; drop broken clients)`,
    ).toEqual([]);
    const wrong = last.filter((a, i) => !sameJson(a.body.value, writtenValue(dead[i] as string)));
    expect(wrong.length, `keys of ${VICTIM} came back with other values than written`).toBe(0);
    const health = await call(api.url, 'GET', '/healthz');
    expect(health.status, 'the service must still be the same running process').toBe(200);
  });

  test('docs/failover.md describes what happens when a shard fails', () => {
    const doc = readProgramFile('docs/failover.md');
    expect(doc, 'docs/failover.md is missing from your program folder').toBeDefined();
    expect(
      doc?.length ?? 0,
      'docs/failover.md should say what a client sees (status, body, timing) when a shard is down, and how it recovers',
    ).toBeGreaterThan(300);
    expect(doc, 'docs/failover.md should name the status code a client gets for a dead shard').toMatch(/503/);
  });
});
