import type { EventRow } from './transform.ts';

/** Start (epoch ms) of the tumbling window of `windowSeconds` that holds `occurredAt`. */
export function windowStart(occurredAt: string, windowSeconds: number): number {
  const size = windowSeconds * 1000;
  return Math.floor(Date.parse(occurredAt) / size) * size;
}

export interface WindowDelta {
  windowStart: number;
  type: string;
  events: number;
  amountCents: bigint;
}

export interface Classified {
  /** Events counted in their window, summed per (window, type). */
  deltas: WindowDelta[];
  /** Events behind the watermark: not counted, kept in late_events. */
  late: EventRow[];
  /** Highest occurred_at seen (epoch ms) after these events. */
  maxSeen: number;
}

/**
 * Event time in order of arrival: the watermark is the highest occurred_at seen minus the allowed
 * lateness; an event whose window already ended at or before the watermark arrives too late (its
 * window is final) and is not counted. Pure, so the tests can replay any order.
 */
export function classify(
  rows: EventRow[],
  maxSeenBefore: number,
  windowSeconds: number,
  allowedLatenessSeconds: number,
): Classified {
  let maxSeen = maxSeenBefore;
  const deltas = new Map<string, WindowDelta>();
  const late: EventRow[] = [];
  for (const row of rows) {
    const start = windowStart(row.occurred_at, windowSeconds);
    const watermark = maxSeen - allowedLatenessSeconds * 1000;
    if (start + windowSeconds * 1000 <= watermark) {
      late.push(row);
      continue;
    }
    const key = `${start}|${row.type}`;
    const delta = deltas.get(key) ?? { windowStart: start, type: row.type, events: 0, amountCents: 0n };
    delta.events += 1;
    delta.amountCents += BigInt(row.amount_cents ?? 0);
    deltas.set(key, delta);
    maxSeen = Math.max(maxSeen, Date.parse(row.occurred_at));
  }
  return { deltas: [...deltas.values()], late, maxSeen };
}
