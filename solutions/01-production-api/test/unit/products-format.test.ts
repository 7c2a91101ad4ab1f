import { describe, expect, test } from 'vitest';
import { link, toCents, toV1 } from '../../src/products-format.ts';

describe('product formats', () => {
  test('v1 prices are decimal strings, input prices become integer cents', () => {
    const row = { id: 1, name: 'cup', category: 'kitchen', price_cents: 1250, tags: [], created_at: new Date(0) };
    expect(toV1(row)).toMatchObject({ price: '12.50' });
    expect([toCents(12.5), toCents(0.1 + 0.2), toCents(undefined)]).toEqual([1250, 30, undefined]);
  });

  test('paging links leave undefined parameters out', () => {
    expect(link('/v1/products', { limit: 10, offset: 20, sort: undefined })).toBe('/v1/products?limit=10&offset=20');
  });
});
