import { pino } from 'pino';
import { buildApp } from './app.ts';
import { readConfig } from './config.ts';
import { GlobalIndex } from './global-index.ts';
import { HashRing } from './hash-ring.ts';
import { HotKeyDetector } from './hot-keys.ts';
import { KvStore } from './kv-store.ts';
import { ShardMetrics } from './metrics.ts';
import { Rebalancer } from './rebalancer.ts';
import { ReplicaLag } from './replica-lag.ts';
import { type Replicas, Router } from './router.ts';
import { ShardPools } from './shard-pools.ts';
import { startTelemetry } from './telemetry.ts';

const log = pino({ level: process.env.LOG_LEVEL ?? 'info' });

async function main(): Promise<void> {
  const telemetry = await startTelemetry('sharded-kv');
  const config = readConfig();
  let pools: ShardPools | undefined;
  let lag: ReplicaLag | undefined;
  const metrics = new ShardMetrics(
    async () => {
      const counts = new Map<string, number>();
      for (const shard of pools?.names() ?? []) {
        await store
          .rowCount(shard)
          .then((n) => counts.set(shard, n))
          .catch(() => {});
      }
      return counts;
    },
    () => lag?.lags() ?? new Map(),
  );
  pools = new ShardPools(config.poolMax, config.shardTimeoutMs, metrics, log);
  const store = new KvStore(pools);
  for (const [name, url] of config.shards) await pools.add(name, url);
  let replicas: Replicas | undefined;
  if (config.replicas.size > 0) {
    const replicaPools = new ShardPools(config.poolMax, config.shardTimeoutMs, metrics, log);
    for (const [name, url] of config.replicas) await replicaPools.addReadOnly(name, url);
    lag = new ReplicaLag(pools, replicaPools, log);
    lag.start();
    replicas = { store: new KvStore(replicaPools), lag };
  }
  const hotKeys = new HotKeyDetector();
  const router = new Router(new HashRing([...config.shards.keys()]), store, hotKeys, metrics, replicas);
  const rebalancer = new Rebalancer(router, store, log);
  const index = new GlobalIndex(pools, [...config.shards.keys()], log);
  const alerts = () =>
    [...(lag?.lags() ?? [])]
      .filter(([, ms]) => ms > config.replicaMaxLagMs)
      .map(([shard, ms]) => ({ type: 'replica_lag', shard, lagMs: ms, maxLagMs: config.replicaMaxLagMs }));
  const app = buildApp({ log, pools, router, rebalancer, hotKeys, metrics, index, alerts });
  index.start();
  await app.listen({ port: config.port, host: '127.0.0.1' });
  log.info({ shards: pools.names(), port: config.port }, 'sharded kv ready');

  const shutdown = async (signal: string) => {
    log.info({ signal }, 'shutting down');
    index.stop();
    await app.close();
    await pools?.close();
    await telemetry.shutdown().catch(() => {});
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: Error) => {
  log.fatal({ err: error.message }, 'could not start');
  process.exit(1);
});
