import pg from 'pg';
import type { Shard } from './shard-settings.ts';

/** The grader's own connection to one shard: it reads the kv table and the server's statistics directly. */
export async function withShard<T>(shard: Shard, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: shard.url, connectionTimeoutMillis: 10_000 });
  client.on('error', () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Every key of the contract's kv table on each shard, read directly. */
export async function keysByShard(shards: readonly Shard[]): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>();
  for (const shard of shards) {
    const { rows } = await withShard(shard, (c) => c.query<{ key: string }>('select key from kv'));
    result.set(
      shard.name,
      rows.map((r) => r.key),
    );
  }
  return result;
}

/**
 * Keys that are not exactly once on the shard `expected` names: missing, on the wrong shard, or on
 * several. Returns readable problems, at most `limit`.
 */
export function placementProblems(
  found: ReadonlyMap<string, readonly string[]>,
  expected: ReadonlyMap<string, string>,
  limit = 5,
): { problems: string[]; count: number } {
  const homes = new Map<string, string[]>();
  for (const [shard, keys] of found) {
    for (const key of keys) {
      const at = homes.get(key);
      if (at) at.push(shard);
      else homes.set(key, [shard]);
    }
  }
  const problems: string[] = [];
  for (const [key, shard] of expected) {
    const at = homes.get(key) ?? [];
    if (at.length !== 1 || at[0] !== shard) {
      problems.push(`${key}: expected on ${shard} only, found on [${at.join(', ')}]`);
    }
  }
  return { problems: problems.slice(0, limit), count: problems.length };
}
