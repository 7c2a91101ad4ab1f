import { afterAll, beforeAll, expect, test } from 'vitest';
import { criterion, type StartedLearnerService, startInstance } from '../../../harness/grading/grader-kit.ts';
import { deleteKey, describeAnswer, inParallel, putKey } from './support/kv-client.ts';
import { type Shard, shardEnv } from './support/shard-settings.ts';
import { shardDatabases } from './support/start-shards.ts';
import { lateOnes, waitForIndex } from './support/wait-index.ts';

/** The bound lab gives the service; lab allows 500 ms more for its own polling on a loaded machine. */
const GSI_MAX_LAG_MS = 2000;
const LIMIT_MS = GSI_MAX_LAG_MS + 500;

criterion('B3', 'Global secondary index (concept)', () => {
  let shards: Shard[];
  let api: StartedLearnerService;
  let drop: () => Promise<void> = async () => {};
  const email = (i: number, v = 'a') => `user${i}.${v}@example.test`;

  beforeAll(async () => {
    const local = await shardDatabases('b3', ['s1', 's2', 's3']);
    drop = local.drop;
    shards = local.shards;
    api = await startInstance('b3', shardEnv(shards, { GSI_MAX_LAG_MS: String(GSI_MAX_LAG_MS) }));
  });
  afterAll(async () => {
    await api?.stop().catch(() => {});
    await drop();
  });

  const put = async (key: string, mail: string | null) => {
    const answer = await putKey(api.url, key, { key }, mail);
    expect(answer.status, describeAnswer(`PUT /kv/${key} with email ${mail}`, answer)).toBe(200);
  };

  test(`GET /by-email/:email converges within GSI_MAX_LAG_MS=${GSI_MAX_LAG_MS} after writes, email changes, removals and deletes`, async () => {
    const keys = Array.from({ length: 30 }, (_, i) => `b3:key:${i}`);
    await inParallel(keys, 8, (key, i) => put(key, email(i)));
    const created = await waitForIndex(
      api.url,
      keys.map((key, i) => ({ email: email(i), key })),
      LIMIT_MS,
    );
    expect(lateOnes(created, LIMIT_MS), `lab wrote 30 keys with emails; GET /by-email must find each`).toEqual([]);

    // Keys 0–9 change email, 10–19 lose it, 20–24 are deleted.
    await inParallel(keys.slice(0, 10), 8, (key, i) => put(key, email(i, 'b')));
    await inParallel(keys.slice(10, 20), 8, (key) => put(key, null));
    await inParallel(keys.slice(20, 25), 5, async (key) => {
      const answer = await deleteKey(api.url, key);
      expect(answer.status, describeAnswer(`DELETE /kv/${key}`, answer)).toBe(204);
    });
    const expectations = [
      ...keys.slice(0, 10).map((key, i) => ({ email: email(i, 'b'), key })),
      ...keys.slice(0, 10).map((_, i) => ({ email: email(i), key: undefined })),
      ...keys.slice(10, 20).map((_, i) => ({ email: email(i + 10), key: undefined })),
      ...keys.slice(20, 25).map((_, i) => ({ email: email(i + 20), key: undefined })),
      ...keys.slice(25).map((key, i) => ({ email: email(i + 25), key })),
    ];
    const changed = await waitForIndex(api.url, expectations, LIMIT_MS);
    expect(
      lateOnes(changed, LIMIT_MS),
      'after changing 10 emails, removing 10 and deleting 5 keys, the old emails must answer 404 and the new ones the key',
    ).toEqual([]);
  });

  test('writes acknowledged just before a SIGKILL still reach the index once the service is back', async () => {
    const keys = Array.from({ length: 20 }, (_, i) => `b3:kill:${i}`);
    await inParallel(keys, 20, (key, i) => put(key, email(i + 100)));
    const stopped = await api.kill9();
    api = await stopped.start();
    const results = await waitForIndex(
      api.url,
      keys.map((key, i) => ({ email: email(i + 100), key })),
      LIMIT_MS,
    );
    expect(
      lateOnes(results, LIMIT_MS),
      'lab wrote 20 keys with emails and SIGKILLed the service as soon as they were acknowledged, then started it again: ' +
        'each must be found within GSI_MAX_LAG_MS of the restart (write an outbox row in the same transaction as the data)',
    ).toEqual([]);
  });
});
