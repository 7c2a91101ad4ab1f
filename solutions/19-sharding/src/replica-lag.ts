import type { Logger } from 'pino';
import type { ShardPools } from './shard-pools.ts';

const POLL_MS = 200;
const HISTORY = 100;

/** "16/B374D848" → a number of bytes. */
const lsnToBigInt = (lsn: string): bigint => {
  const [hi = '0', lo = '0'] = lsn.split('/');
  return (BigInt(`0x${hi}`) << 32n) + BigInt(`0x${lo}`);
};

interface ShardLag {
  /** Recent (time, primary WAL position) pairs, oldest first. */
  history: { at: number; lsn: bigint }[];
  /** The latest moment whose primary writes the replica is known to have replayed. */
  caughtUpAt: number;
}

/**
 * How far each shard's replica is behind, by WAL position rather than by replay timestamp (which
 * stops moving on an idle primary): the primary's LSN is sampled every 200 ms, and the replica is
 * caught up to the latest sample its replay LSN has reached. Lag = now − that sample's time.
 */
export class ReplicaLag {
  private readonly shards = new Map<string, ShardLag>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly primaries: ShardPools,
    private readonly replicas: ShardPools,
    private readonly log: Logger,
  ) {
    for (const name of replicas.names()) this.shards.set(name, { history: [], caughtUpAt: Date.now() });
  }

  has(shard: string): boolean {
    return this.shards.has(shard);
  }

  /** True if a write acknowledged at `writtenAt` is known to be visible on the replica. */
  visible(shard: string, writtenAt: number): boolean {
    const lag = this.shards.get(shard);
    return lag !== undefined && writtenAt < lag.caughtUpAt;
  }

  lagMs(shard: string): number {
    const lag = this.shards.get(shard);
    return lag ? Math.max(0, Date.now() - lag.caughtUpAt - POLL_MS) : 0;
  }

  /** The oldest moment every replica has caught up to: writes before it are visible everywhere. */
  everywhereSince(): number {
    return Math.min(...[...this.shards.values()].map((s) => s.caughtUpAt), Date.now());
  }

  lags(): Map<string, number> {
    return new Map([...this.shards.keys()].map((s) => [s, this.lagMs(s)]));
  }

  start(): void {
    const tick = async () => {
      await Promise.all([...this.shards].map(([shard, lag]) => this.poll(shard, lag)));
      this.timer = setTimeout(tick, POLL_MS);
    };
    this.timer = setTimeout(tick, 0);
  }

  stop(): void {
    clearTimeout(this.timer);
  }

  private async poll(shard: string, lag: ShardLag): Promise<void> {
    try {
      const at = Date.now();
      const primary = await this.primaries.query<{ lsn: string }>(
        shard,
        'admin',
        'select pg_current_wal_lsn()::text as lsn',
      );
      lag.history.push({ at, lsn: lsnToBigInt(primary.rows[0]?.lsn ?? '0/0') });
      if (lag.history.length > HISTORY) lag.history.shift();
      const replica = await this.replicas.query<{ lsn: string | null }>(
        shard,
        'admin',
        'select pg_last_wal_replay_lsn()::text as lsn',
      );
      const replayed = lsnToBigInt(replica.rows[0]?.lsn ?? '0/0');
      for (const sample of lag.history)
        if (replayed >= sample.lsn) lag.caughtUpAt = Math.max(lag.caughtUpAt, sample.at);
    } catch (error) {
      this.log.warn({ shard, err: (error as Error).message }, 'replica lag not measured');
    }
  }
}
