import { describe, expect, test } from 'vitest';
import type { EventRow } from '../../src/transform.ts';
import { classify, windowStart } from '../../src/windows.ts';

const at = (seconds: number, type = 'view', cents: string | null = null): EventRow => ({
  event_id: `e-${seconds}-${type}`,
  user_id: 'u',
  type,
  occurred_at: new Date(seconds * 1000).toISOString(),
  event_date: '1970-01-01',
  amount_cents: cents,
  currency: cents ? 'EUR' : null,
  kafka_partition: 0,
  kafka_offset: '0',
});

describe('event-time windows with a watermark', () => {
  test('tumbling windows start at multiples of their length from the epoch', () => {
    expect(windowStart('1970-01-01T00:00:19.999Z', 10)).toBe(10_000);
    expect(windowStart('1970-01-01T00:00:20.000Z', 10)).toBe(20_000);
  });

  test('an event within the lateness is counted; one whose window is final is late', () => {
    // W = 10 s, lateness 5 s. After 31 s the watermark is 26 s: [10, 20) is final, [20, 30) is not.
    const { deltas, late, maxSeen } = classify(
      [at(1), at(31), at(22), at(15), at(25, 'purchase', '150')],
      Number.NEGATIVE_INFINITY,
      10,
      5,
    );
    expect(late.map((r) => r.occurred_at)).toEqual([new Date(15_000).toISOString()]);
    expect(maxSeen).toBe(31_000);
    const byKey = Object.fromEntries(deltas.map((d) => [`${d.windowStart}|${d.type}`, [d.events, d.amountCents]]));
    expect(byKey).toEqual({
      '0|view': [1, 0n],
      '30000|view': [1, 0n],
      '20000|view': [1, 0n],
      '20000|purchase': [1, 150n],
    });
  });

  test('the watermark carried over from earlier batches applies to the next one', () => {
    expect(classify([at(5)], 40_000, 10, 5).late).toHaveLength(1);
    expect(classify([at(35)], 40_000, 10, 5).late).toHaveLength(0);
  });
});
