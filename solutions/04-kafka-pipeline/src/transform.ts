import type { PipelineEvent } from './event.ts';

/** One row of the `events` table. */
export interface EventRow {
  event_id: string;
  user_id: string;
  type: string;
  occurred_at: string;
  event_date: string;
  amount_cents: string | null;
  currency: string | null;
  kafka_partition: number;
  kafka_offset: string;
}

/**
 * A decimal string to integer cents, rounded half up, without ever going through a float
 * ("0.285" is 28.499999… as a double and would round down).
 */
export function toCents(amount: string): bigint {
  const [whole = '0', fraction = ''] = amount.split('.');
  const padded = `${fraction}000`;
  const cents = BigInt(whole) * 100n + BigInt(padded.slice(0, 2));
  return Number(padded[2]) >= 5 ? cents + 1n : cents;
}

/** The pure transform of the sink: money in cents, currency upper-cased, the UTC date, the source position. */
export function toRow(event: PipelineEvent, partition: number, offset: string): EventRow {
  const occurred = new Date(event.occurred_at);
  return {
    event_id: event.event_id,
    user_id: event.user_id,
    type: event.type,
    occurred_at: occurred.toISOString(),
    event_date: occurred.toISOString().slice(0, 10),
    amount_cents: event.amount === undefined ? null : toCents(event.amount).toString(),
    currency: event.currency === undefined ? null : event.currency.toUpperCase(),
    kafka_partition: partition,
    kafka_offset: offset,
  };
}
