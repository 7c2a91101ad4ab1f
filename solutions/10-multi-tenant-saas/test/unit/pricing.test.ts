import { describe, expect, test } from 'vitest';
import { priceUsage } from '../../src/pricing.ts';

describe('priceUsage', () => {
  test('charges every started unit, in integer cents', () => {
    const invoice = priceUsage('t', '2026-11', { apiRequests: 101, documentsCreated: 3, storageBytes: 1 });
    expect(invoice.lines.map((l) => l.amountCents)).toEqual([2, 15, 2]);
    expect(invoice.totalCents).toBe(19);
  });

  test('an idle tenant owes nothing but still gets its three lines', () => {
    const invoice = priceUsage('t', '2026-11', { apiRequests: 0, documentsCreated: 0, storageBytes: 0 });
    expect(invoice.lines).toHaveLength(3);
    expect(invoice.totalCents).toBe(0);
  });

  test('exactly one unit is not rounded up to two', () => {
    const invoice = priceUsage('t', '2026-11', { apiRequests: 100, documentsCreated: 0, storageBytes: 1_000_000 });
    expect(invoice.lines.map((l) => l.amountCents)).toEqual([1, 0, 2]);
  });
});
