import type { Logger } from 'pino';
import { HashRing } from './hash-ring.ts';
import type { ShardPools } from './shard-pools.ts';

const POLL_MS = 50;
const BATCH = 200;

interface OutboxRow {
  id: string;
  key: string;
  old_email: string | null;
  new_email: string | null;
  version: string;
}

/**
 * A global secondary index on email, partitioned by email (its own ring over the initial shards).
 * Writes leave an outbox row in the same statement as the data; this loop applies outbox rows to
 * the index partitions and only then deletes them — at least once, and applying is idempotent.
 */
export class GlobalIndex {
  private readonly ring: HashRing;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly pools: ShardPools,
    indexShards: readonly string[],
    private readonly log: Logger,
  ) {
    this.ring = new HashRing(indexShards);
  }

  partitionOf(email: string): string {
    return this.ring.ownerOf(`email:${email}`);
  }

  /** The key an email belongs to, newest first; undefined when none. */
  async lookup(email: string): Promise<string | undefined> {
    const { rows } = await this.pools.query<{ key: string }>(
      this.partitionOf(email),
      'gsi',
      'select key from gsi where email = $1 order by version desc limit 1',
      [email],
    );
    return rows[0]?.key;
  }

  start(): void {
    const tick = async () => {
      for (const shard of this.pools.names()) {
        await this.drain(shard).catch((error: Error) =>
          this.log.warn({ shard, err: error.message }, 'gsi outbox not applied yet'),
        );
      }
      this.timer = setTimeout(tick, POLL_MS);
    };
    this.timer = setTimeout(tick, 0);
  }

  stop(): void {
    clearTimeout(this.timer);
  }

  private async drain(shard: string): Promise<void> {
    const { rows } = await this.pools.query<OutboxRow>(
      shard,
      'gsi',
      'select id::text as id, key, old_email, new_email, version::text as version from gsi_outbox order by id limit $1',
      [BATCH],
    );
    for (const row of rows) await this.apply(row);
    if (rows.length > 0) {
      await this.pools.query(shard, 'gsi', 'delete from gsi_outbox where id = any($1::bigint[])', [
        rows.map((r) => r.id),
      ]);
    }
  }

  private async apply(row: OutboxRow): Promise<void> {
    if (row.old_email !== null && row.old_email !== row.new_email) {
      await this.pools.query(
        this.partitionOf(row.old_email),
        'gsi',
        'delete from gsi where email = $1 and key = $2 and version <= $3',
        [row.old_email, row.key, row.version],
      );
    }
    if (row.new_email !== null) {
      await this.pools.query(
        this.partitionOf(row.new_email),
        'gsi',
        `insert into gsi (email, key, version) values ($1, $2, $3)
         on conflict (email, key) do update set version = greatest(gsi.version, excluded.version)`,
        [row.new_email, row.key, row.version],
      );
    }
  }
}
