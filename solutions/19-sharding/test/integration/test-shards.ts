import pg from 'pg';
import { pino } from 'pino';
import { KvStore } from '../../src/kv-store.ts';
import { ShardMetrics } from '../../src/metrics.ts';
import { ShardPools } from '../../src/shard-pools.ts';

/** Three shards as three fresh databases on the Postgres of DATABASE_URL; drop() removes them. */
export async function testShards(prefix: string) {
  const admin = process.env.DATABASE_URL;
  if (!admin) throw new Error('DATABASE_URL is not set: integration tests need a real Postgres');
  const names = ['s1', 's2', 's3'].map((s) => `${prefix}_${s}_${process.pid}`);
  const run = async (sql: string) => {
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    await client.query(sql).finally(() => client.end());
  };
  for (const db of names) await run(`create database "${db}"`);
  const urlOf = (db: string) => {
    const url = new URL(admin);
    url.pathname = `/${db}`;
    return url.toString();
  };
  const log = pino({ level: 'silent' });
  const metrics = new ShardMetrics(async () => new Map());
  const pools = new ShardPools(4, 5000, metrics, log);
  const shards = ['s1', 's2', 's3'];
  for (const [i, shard] of shards.entries()) await pools.add(shard, urlOf(names[i] as string));
  return {
    shards,
    pools,
    metrics,
    log,
    store: new KvStore(pools),
    drop: async () => {
      await pools.close();
      for (const db of names) await run(`drop database if exists "${db}" with (force)`);
    },
  };
}
