import pg from 'pg';
import { type FreshDatabase, freshDatabase, startServiceInstance } from '../../../../harness/grading/grader-kit.ts';
import type { Shard } from './shard-settings.ts';

/**
 * Shards as databases of their own on the run's Postgres: enough where no shard has to die or be
 * frozen, and free on a small machine (no container to start). Drop them in an afterAll.
 */
export async function shardDatabases(
  criterionId: string,
  names: readonly string[],
): Promise<{ shards: Shard[]; drop: () => Promise<void> }> {
  const databases: FreshDatabase[] = [];
  for (const name of names) databases.push(await createPatiently(`${criterionId}_${name}`));
  const shards = names.map((name, i) => ({ name, url: (databases[i] as FreshDatabase).url }));
  await Promise.all(shards.map(commitWithoutFlushWait));
  return {
    shards,
    drop: async () => {
      await Promise.all(databases.map((d) => d.drop()));
    },
  };
}

/**
 * Shards as separate Postgres containers (named `<criterion>-<shard>` in the run), for faults that
 * must hit one shard only; started in parallel, removed by lab at teardown.
 */
export async function shardContainers(criterionId: string, names: readonly string[]): Promise<Shard[]> {
  const started = await Promise.all(names.map((n) => startServiceInstance('postgres', `${criterionId}-${n}`)));
  const shards = started.map((s, i) => ({ name: names[i] as string, url: s.url }));
  await Promise.all(shards.map(commitWithoutFlushWait));
  return shards;
}

/**
 * `synchronous_commit = off` for the shard's database (sessions opened later, i.e. the service's):
 * a commit no longer waits for its WAL flush. No criterion crashes a Postgres server (a stopped
 * shard is shut down cleanly, which flushes), so nothing the service can observe changes — but on a
 * 2-core machine with a slow disk, write-heavy criteria stop spending most of their time in fsync.
 */
async function commitWithoutFlushWait(shard: Shard): Promise<void> {
  const database = decodeURIComponent(new URL(shard.url).pathname.slice(1));
  const client = new pg.Client({ connectionString: shard.url, connectionTimeoutMillis: 20_000 });
  client.on('error', () => {});
  await client.connect();
  try {
    await client.query(`alter database "${database.replaceAll('"', '""')}" set synchronous_commit = off`);
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * CREATE DATABASE, one at a time and tried three times: on a loaded machine a connection to the
 * run's Postgres can time out once. Each try uses its own name, so a half-done one cannot collide.
 */
async function createPatiently(suffix: string): Promise<FreshDatabase> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await freshDatabase(attempt === 1 ? suffix : `${suffix}_${attempt}`);
    } catch (error) {
      if (attempt >= 3 || !/timeout/i.test((error as Error).message)) throw error;
    }
  }
}
