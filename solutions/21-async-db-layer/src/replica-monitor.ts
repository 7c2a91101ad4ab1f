import type { Database } from './db.ts';
import { parseLsn } from './lsn.ts';
import { replicaLag } from './metrics.ts';
import type { Target } from './pools.ts';

const LAG: import('./db.ts').Statement = {
  name: 'replica-lag',
  text: `SELECT pg_last_wal_replay_lsn()::text AS lsn,
           CASE WHEN NOT pg_is_in_recovery() OR pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
                ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0) END::float8 AS lag`,
};

/**
 * Measures the replica's lag on a timer (never on the read path) and decides where reads go:
 * plain reads to the replica; a read that must see a write (it carries that write's LSN) goes to the
 * replica only if it has replayed that far and is not lagging beyond MAX_REPLICA_LAG_MS.
 */
export class ReplicaMonitor {
  private lagSeconds = 0;
  private replayLsn: bigint | undefined;
  private measuredAt: string | null = null;
  private timer: NodeJS.Timeout | undefined;
  private busy = false;

  constructor(
    private readonly db: Database,
    private readonly maxLagMs: number,
    private readonly everyMs = 200,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.measure(), this.everyMs);
    this.timer.unref();
    void this.measure();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private async measure(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const [row] = await this.db.query<{ lsn: string | null; lag: number }>('replica', LAG);
      this.lagSeconds = Number(row?.lag ?? 0);
      this.replayLsn = row?.lsn ? parseLsn(row.lsn) : undefined;
      this.measuredAt = new Date().toISOString();
      replicaLag.set(this.lagSeconds);
    } catch {
      // Unknown lag is treated as too much lag: fresh reads go to the primary.
      this.lagSeconds = Number.POSITIVE_INFINITY;
    } finally {
      this.busy = false;
    }
  }

  private tooFarBehind(): boolean {
    return this.lagSeconds * 1000 > this.maxLagMs;
  }

  /** Where a read goes; `sessionLsn` is the X-Session-LSN of a write the reader must see. */
  route(sessionLsn: string | undefined, primaryAvailable: boolean): Target {
    if (!sessionLsn || !primaryAvailable) return 'replica';
    const wanted = parseLsn(sessionLsn);
    if (wanted === undefined || this.tooFarBehind()) return 'primary';
    return this.replayLsn !== undefined && this.replayLsn >= wanted ? 'replica' : 'primary';
  }

  status() {
    return {
      lagSeconds: Number.isFinite(this.lagSeconds) ? this.lagSeconds : null,
      maxLagMs: this.maxLagMs,
      replayLsn: this.replayLsn === undefined ? null : formatLsn(this.replayLsn),
      measuredAt: this.measuredAt,
      freshReadsGoTo: this.tooFarBehind() ? 'primary' : 'replica',
      plainReadsGoTo: 'replica',
    };
  }
}

const formatLsn = (value: bigint): string =>
  `${(value >> 32n).toString(16).toUpperCase()}/${(value & 0xffffffffn).toString(16).toUpperCase()}`;
