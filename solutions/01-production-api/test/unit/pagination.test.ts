import { describe, expect, test } from 'vitest';
import {
  clampLimit,
  clampOffset,
  decodeCursor,
  encodeCursor,
  keysetCondition,
  parseSort,
} from '../../src/pagination.ts';

describe('pagination (unit)', () => {
  test('limit and offset are clamped', () => {
    expect([clampLimit(undefined), clampLimit(1000), clampLimit(0), clampLimit(-4), clampLimit(7)]).toEqual([
      20, 100, 1, 1, 7,
    ]);
    expect([clampOffset(undefined), clampOffset(-3), clampOffset(9)]).toEqual([0, 0, 9]);
  });

  test('sort parses fields and directions and refuses unknown fields', () => {
    expect(parseSort('-price,name')).toEqual([
      { field: 'price', descending: true },
      { field: 'name', descending: false },
    ]);
    expect(parseSort(undefined)).toEqual([]);
    expect(() => parseSort('colour')).toThrow(/sort/);
  });

  test('a cursor round-trips and is refused for another sort or when garbled', () => {
    const cursor = { sort: 'price', values: [250], id: 7 };
    expect(decodeCursor(encodeCursor(cursor), 'price')).toEqual(cursor);
    expect(() => decodeCursor(encodeCursor(cursor), 'name')).toThrow(/cursor/);
    expect(() => decodeCursor('%%%', 'price')).toThrow(/cursor/);
  });

  test('the keyset condition continues after (values…, id)', () => {
    const { sql, params } = keysetCondition(parseSort('-price'), { sort: '-price', values: [250], id: 7 }, 3);
    expect(sql).toBe('((price_cents < $3::integer) OR (price_cents = $3::integer AND id > $4::bigint))');
    expect(params).toEqual([250, 7]);
  });
});
