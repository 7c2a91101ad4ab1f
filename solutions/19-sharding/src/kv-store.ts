import type { ShardPools } from './shard-pools.ts';

/** A row of the contract's kv table. */
export interface KvRow {
  readonly key: string;
  readonly value: unknown;
  readonly email: string | null;
  readonly version: string;
}

/**
 * The statements on one shard's kv table. A write and its GSI outbox row commit in one statement,
 * so a crash can never leave one without the other.
 */
export class KvStore {
  constructor(private readonly pools: ShardPools) {}

  async get(shard: string, key: string): Promise<KvRow | undefined> {
    const { rows } = await this.pools.query<KvRow>(
      shard,
      'get',
      'select key, value, email, version::text as version from kv where key = $1',
      [key],
    );
    return rows[0];
  }

  async put(shard: string, key: string, value: unknown, email: string | null, version: bigint): Promise<void> {
    await this.pools.query(
      shard,
      'put',
      // No FOR UPDATE here: the upsert below modifies the row in the same statement, and a row locked
      // after this command changed it would be skipped. All parts see the row as before the statement.
      `with old as (select email from kv where key = $1),
            up as (
              insert into kv (key, value, email, version, updated_at) values ($1, $2, $3, $4, now())
              on conflict (key) do update set value = excluded.value, email = excluded.email,
                version = excluded.version, updated_at = excluded.updated_at
              where excluded.version > kv.version
              returning 1)
       insert into gsi_outbox (key, old_email, new_email, version)
       select $1, (select email from old), $3::text, $4
       where exists (select 1 from up) and (select email from old) is distinct from $3::text`,
      [key, JSON.stringify(value), email, version.toString()],
    );
  }

  /** True if a row was deleted. */
  async delete(shard: string, key: string, version: bigint): Promise<boolean> {
    const { rows } = await this.pools.query<{ n: number }>(
      shard,
      'delete',
      `with d as (delete from kv where key = $1 returning email),
            o as (insert into gsi_outbox (key, old_email, new_email, version)
                  select $1, email, null, $2 from d where email is not null)
       select count(*)::int as n from d`,
      [key, version.toString()],
    );
    return (rows[0]?.n ?? 0) > 0;
  }

  /** Keys of one shard in key order, after `after`, for scans that must not hold the whole table. */
  async keysAfter(shard: string, after: string, limit: number): Promise<string[]> {
    const { rows } = await this.pools.query<{ key: string }>(
      shard,
      'move',
      'select key from kv where key > $1 order by key limit $2',
      [after, limit],
    );
    return rows.map((r) => r.key);
  }

  /**
   * Copies `keys` from one shard to another, then deletes them at the source. The copy never
   * overwrites a row the target already has: that one was written after the move began.
   */
  async move(from: string, to: string, keys: readonly string[]): Promise<number> {
    const { rows } = await this.pools.query<{
      key: string;
      value: string;
      email: string | null;
      version: string;
      updated_at: Date;
    }>(
      from,
      'move',
      'select key, value::text as value, email, version::text as version, updated_at from kv where key = any($1)',
      [keys],
    );
    if (rows.length === 0) return 0;
    await this.pools.query(
      to,
      'move',
      `insert into kv (key, value, email, version, updated_at)
       select * from unnest($1::text[], $2::jsonb[], $3::text[], $4::bigint[], $5::timestamptz[])
       on conflict (key) do nothing`,
      [
        rows.map((r) => r.key),
        rows.map((r) => r.value),
        rows.map((r) => r.email),
        rows.map((r) => r.version),
        rows.map((r) => r.updated_at),
      ],
    );
    await this.pools.query(from, 'move', 'delete from kv where key = any($1)', [rows.map((r) => r.key)]);
    return rows.length;
  }

  async rowCount(shard: string): Promise<number> {
    const { rows } = await this.pools.query<{ n: number }>(shard, 'admin', 'select count(*)::int as n from kv');
    return rows[0]?.n ?? 0;
  }
}
