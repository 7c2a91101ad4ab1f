import pg from 'pg';
import type { Shard } from './shard-settings.ts';

/** The most connections each shard's database saw from others (not this watcher) while sampling. */
export interface PoolWatch {
  stop(): Promise<Record<string, number>>;
}

/** Samples pg_stat_activity of every shard every 10 ms through one grader connection per shard. */
export async function watchConnections(shards: readonly Shard[]): Promise<PoolWatch> {
  const clients = await Promise.all(
    shards.map(async (shard) => {
      const client = new pg.Client({ connectionString: shard.url, connectionTimeoutMillis: 10_000 });
      client.on('error', () => {});
      await client.connect();
      return client;
    }),
  );
  const most: Record<string, number> = Object.fromEntries(shards.map((s) => [s.name, 0]));
  let running = true;
  const loops = shards.map(async (shard, i) => {
    const client = clients[i] as pg.Client;
    while (running) {
      const { rows } = await client.query<{ n: number }>(
        `select count(*)::int as n from pg_stat_activity
         where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'`,
      );
      most[shard.name] = Math.max(most[shard.name] ?? 0, rows[0]?.n ?? 0);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  });
  return {
    stop: async () => {
      running = false;
      await Promise.all(loops);
      await Promise.all(clients.map((c) => c.end().catch(() => {})));
      return most;
    },
  };
}
