import pg from 'pg';
import type { Shard } from './shard-settings.ts';

/** Exclusive locks the grader holds on shards' kv tables until release(). */
export interface KvLocks {
  release(): Promise<void>;
}

/**
 * Takes ACCESS EXCLUSIVE on kv of each shard, in an open transaction of the grader's own: while it
 * is held, any statement of the service that touches kv there waits. A read that still answers at
 * once did not reach the shard — the observable side of a hot-key cache, seen at the moment it
 * happens (pg_stat_user_tables would need 10 s or more to show the service's scans).
 */
export async function lockKvTables(shards: readonly Shard[]): Promise<KvLocks> {
  const clients: pg.Client[] = [];
  const release = async () => {
    await Promise.all(
      clients.map(async (client) => {
        await client.query('rollback').catch(() => {});
        await client.end().catch(() => {});
      }),
    );
  };
  try {
    for (const shard of shards) {
      const client = new pg.Client({ connectionString: shard.url, connectionTimeoutMillis: 20_000 });
      client.on('error', () => {});
      await client.connect();
      clients.push(client);
      await client.query("begin; set local lock_timeout = '20s'; lock table kv in access exclusive mode");
    }
  } catch (error) {
    await release();
    throw error;
  }
  return { release };
}
