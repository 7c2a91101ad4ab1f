import pg from 'pg';
import type { Shard } from './shard-settings.ts';

export interface PresenceWatch {
  /** Stops and returns the keys seen on no shard (with when), at most 5, and how many polls ran. */
  stop(): Promise<{ nowhere: string[]; polls: number }>;
}

/**
 * Reads the kv tables directly while keys move, over and over: each poll reads the old shards, then
 * the new one. A mover that copies before it deletes has every key on one of them at every poll
 * (gone from the old shard means already on the new one); a key on neither is a key that a crash at
 * that moment would lose — and that a read at that moment would not find.
 */
export async function watchPresence(
  oldShards: readonly Shard[],
  newShard: Shard,
  keys: readonly string[],
): Promise<PresenceWatch> {
  const connect = async (shard: Shard) => {
    const client = new pg.Client({ connectionString: shard.url, connectionTimeoutMillis: 20_000 });
    client.on('error', () => {});
    await client.connect();
    return client;
  };
  const olds = await Promise.all(oldShards.map(connect));
  const added = await connect(newShard);
  const present = async (client: pg.Client) =>
    (await client.query<{ key: string }>('select key from kv where key = any($1)', [keys])).rows.map((r) => r.key);
  const started = Date.now();
  const nowhere: string[] = [];
  let polls = 0;
  let running = true;
  const loop = (async () => {
    while (running && nowhere.length < 5) {
      let seen: Set<string>;
      try {
        seen = new Set((await Promise.all(olds.map(present))).flat());
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 20));
        continue;
      }
      // The new shard's kv table may not exist yet: then nothing is there.
      for (const key of await present(added).catch(() => [])) seen.add(key);
      polls++;
      for (const key of keys) {
        if (!seen.has(key) && nowhere.length < 5) nowhere.push(`${key} at ${Date.now() - started} ms`);
      }
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      await Promise.all([...olds, added].map((c) => c.end().catch(() => {})));
      return { nowhere, polls };
    },
  };
}
