import { afterAll, beforeAll, expect, test } from 'vitest';
import { criterion, type StartedLearnerService, startInstance } from '../../../harness/grading/grader-kit.ts';
import { continuousLoad } from './support/continuous-load.ts';
import { type KeyRange, ownerByRanges } from './support/key-ranges.ts';
import { call, describeAnswer, inParallel, putKey } from './support/kv-client.ts';
import { keysByShard, placementProblems } from './support/shard-reader.ts';
import { type Shard, shardEnv } from './support/shard-settings.ts';
import { shardDatabases } from './support/start-shards.ts';
import { waitForRebalance } from './support/wait-rebalance.ts';

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

criterion('B1', 'Range sharding', () => {
  const keys = Array.from({ length: 780 }, (_, i) => `${LETTERS[i % 26]}${String(i).padStart(4, '0')}`);
  let shards: Shard[];
  let api: StartedLearnerService;
  let drop: () => Promise<void> = async () => {};

  beforeAll(async () => {
    const local = await shardDatabases('b1', ['s1', 's2', 's3']);
    drop = local.drop;
    shards = local.shards;
    api = await startInstance('b1', shardEnv(shards));
  });
  afterAll(async () => {
    await api?.stop().catch(() => {});
    await drop();
  });

  async function ranges(): Promise<KeyRange[]> {
    const answer = await call<{ ranges?: KeyRange[] }>(api.url, 'GET', '/admin/ranges');
    expect(answer.status, describeAnswer('GET /admin/ranges', answer)).toBe(200);
    return (answer.body?.ranges ?? []).map((r) => ({ from: r.from, to: r.to ?? null, shard: r.shard }));
  }

  async function admin(path: string, body: unknown): Promise<void> {
    const answer = await call(api.url, 'POST', path, body);
    expect([200, 202], describeAnswer(`POST ${path} ${JSON.stringify(body)}`, answer)).toContain(answer.status);
    await waitForRebalance(api.url);
  }

  test('range mode, then split twice and merge once under continuous load: no failed request, every key on the shard its range names', async () => {
    const initial = new Map(keys.map((k) => [k, { key: k, n: -1 }] as const));
    const preload = await inParallel(keys, 16, (key) => putKey(api.url, key, initial.get(key)));
    expect(
      preload
        .filter((a) => a.status !== 200)
        .slice(0, 3)
        .map((a) => describeAnswer('PUT', a)),
      'PUTs failed before range mode',
    ).toEqual([]);

    await admin('/admin/mode', { mode: 'range' });
    const whole = await ranges();
    expect(
      whole.length,
      `after switching to range mode the table must cover every key: ${JSON.stringify(whole)}`,
    ).toBeGreaterThan(0);

    const load = continuousLoad(api.url, keys, new Set(keys.filter((k) => k >= 'h')), initial);
    const steps: string[] = [];
    let table: KeyRange[] = whole;
    try {
      await admin('/admin/ranges/split', { at: 'h', to: 's2' });
      steps.push('split at h to s2');
      await admin('/admin/ranges/split', { at: 'q', to: 's3' });
      steps.push('split at q to s3');
      table = await ranges();
      const hq = table.find((r) => r.from === 'h');
      const q = table.find((r) => r.from === 'q');
      expect(
        [hq?.shard, hq?.to, q?.shard],
        `after splitting at "h" to s2 and at "q" to s3, GET /admin/ranges said ${JSON.stringify(table)}`,
      ).toEqual(['s2', 'q', 's3']);
      await admin('/admin/ranges/merge', { left: 'h', right: 'q' });
      steps.push('merge h + q');
      table = await ranges();
      const merged = table.find((r) => r.from === 'h');
      expect(
        [merged?.shard, table.some((r) => r.from === 'q')],
        `after merging the ranges starting at "h" and "q", GET /admin/ranges said ${JSON.stringify(table)}`,
      ).toEqual(['s2', false]);
    } finally {
      await load.stop();
    }
    const story = `lab wrote and read ${keys.length} keys continuously (${load.sent()} requests) through: ${steps.join(', ')}`;
    expect(load.problems.slice(0, 8), `${story}; ${load.problems.length} requests went wrong`).toEqual([]);

    const expected = new Map(keys.map((k) => [k, ownerByRanges(table, k)]));
    const { problems, count } = placementProblems(await keysByShard(shards), expected);
    expect(problems, `${story}; with the final table ${JSON.stringify(table)}, ${count} keys are misplaced`).toEqual(
      [],
    );
  });
});
