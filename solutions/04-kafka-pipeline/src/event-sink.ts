import type pg from 'pg';
import type { Config } from './config.ts';
import { upsertEvents } from './sink.ts';
import type { EventRow } from './transform.ts';
import { classify } from './windows.ts';

export interface SinkResult {
  inserted: number;
  late: number;
}

/**
 * Writes one Kafka batch in one transaction: the events (idempotent on event_id), then, for the
 * events that were new, their event-time windows (B2) and the watermark. Because the window counts
 * move only with rows that were new, a redelivered batch changes nothing, and a crash before
 * COMMIT leaves nothing half-counted.
 */
export async function writeBatch(pool: pg.Pool, config: Config, topic: string, rows: EventRow[]): Promise<SinkResult> {
  const client = await pool.connect();
  // A connection cut between two queries emits 'error' on the checked-out client; unheard, that
  // would crash the process. The next query then fails and the batch is retried.
  let lost: Error | undefined;
  const onError = (error: Error) => {
    lost = error;
  };
  client.on('error', onError);
  let broken = false;
  try {
    await client.query('BEGIN');
    const fresh = await upsertEvents(client, rows);
    const { rows: marks } = await client.query<{ max_ms: string }>(
      `SELECT (extract(epoch FROM max_occurred_at) * 1000)::bigint AS max_ms FROM stream_watermarks
       WHERE consumer_group = $1 AND topic = $2 FOR UPDATE`,
      [config.consumerGroup, topic],
    );
    const before = marks[0] ? Number(marks[0].max_ms) : Number.NEGATIVE_INFINITY;
    const newRows = rows.filter((r) => fresh.has(r.event_id));
    const { deltas, late, maxSeen } = classify(newRows, before, config.windowSeconds, config.allowedLatenessSeconds);
    if (late.length > 0) await upsertEvents(client, late, 'late_events');
    for (const d of deltas) {
      await client.query(
        `INSERT INTO event_windows (window_start, type, events, amount_cents, final)
         VALUES (to_timestamp($1::bigint / 1000.0), $2, $3, $4, false)
         ON CONFLICT (window_start, type) DO UPDATE
         SET events = event_windows.events + excluded.events,
             amount_cents = event_windows.amount_cents + excluded.amount_cents`,
        [d.windowStart, d.type, d.events, d.amountCents.toString()],
      );
    }
    if (Number.isFinite(maxSeen) && maxSeen > before) {
      await client.query(
        `INSERT INTO stream_watermarks (consumer_group, topic, max_occurred_at)
         VALUES ($1, $2, to_timestamp($3::bigint / 1000.0))
         ON CONFLICT (consumer_group, topic) DO UPDATE SET max_occurred_at = excluded.max_occurred_at`,
        [config.consumerGroup, topic, maxSeen],
      );
      const watermark = maxSeen - config.allowedLatenessSeconds * 1000;
      await client.query(
        `UPDATE event_windows SET final = true
         WHERE NOT final AND window_start + make_interval(secs => $1) <= to_timestamp($2::bigint / 1000.0)`,
        [config.windowSeconds, watermark],
      );
    }
    await client.query('COMMIT');
    return { inserted: fresh.size, late: late.length };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    // A connection that failed mid-transaction is discarded, not handed to the next batch.
    broken = true;
    client.release(error as Error);
    throw error;
  } finally {
    client.off('error', onError);
    if (!broken) client.release(lost);
  }
}
