import { describe, expect, test } from 'vitest';
import { type PipelineEvent, validateEvent } from '../../src/event.ts';
import { toCents, toRow } from '../../src/transform.ts';

const purchase: PipelineEvent = {
  event_id: '6f1c2a4e-8b0d-4c1e-9f3a-2b5d7e9f1a3c',
  user_id: 'u-123',
  type: 'purchase',
  occurred_at: '2024-05-01T23:30:03.250-02:00',
  amount: '19.99',
  currency: 'eur',
};

describe('the transform of the sink', () => {
  test('money goes to integer cents, rounded half up, without floats', () => {
    expect(toCents('19.99')).toBe(1999n);
    expect(toCents('0.285')).toBe(29n);
    expect(toCents('0.284')).toBe(28n);
    expect(toCents('7')).toBe(700n);
    expect(toCents('12345678901234.5')).toBe(1234567890123450n);
  });

  test('a purchase becomes a row with cents, upper-cased currency, the UTC date and its source position', () => {
    expect(toRow(purchase, 4, '1200')).toEqual({
      event_id: purchase.event_id,
      user_id: 'u-123',
      type: 'purchase',
      occurred_at: '2024-05-02T01:30:03.250Z',
      event_date: '2024-05-02',
      amount_cents: '1999',
      currency: 'EUR',
      kafka_partition: 4,
      kafka_offset: '1200',
    });
  });

  test('a view has neither amount nor currency', () => {
    const parsed = validateEvent({ ...purchase, type: 'view', amount: undefined, currency: undefined });
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(toRow(parsed.event, 0, '0')).toMatchObject({ amount_cents: null, currency: null });
  });
});
