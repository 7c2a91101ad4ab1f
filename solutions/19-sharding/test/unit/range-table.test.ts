import { describe, expect, test } from 'vitest';
import { RangeTable } from '../../src/range-table.ts';

describe('RangeTable', () => {
  test('split puts [at, to) on the new shard and keeps the rest', () => {
    const table = RangeTable.whole('s1').split('h', 's2').split('q', 's3');
    expect(table.ranges).toEqual([
      { from: '', to: 'h', shard: 's1' },
      { from: 'h', to: 'q', shard: 's2' },
      { from: 'q', to: null, shard: 's3' },
    ]);
    expect(['a', 'h', 'p9', 'q', 'zz'].map((k) => table.ownerOf(k))).toEqual(['s1', 's2', 's2', 's3', 's3']);
    expect(table.version).toBe(3);
  });

  test('merge joins two adjacent ranges onto the left shard', () => {
    const table = RangeTable.whole('s1').split('h', 's2').split('q', 's3').merge('h', 'q');
    expect(table.ranges).toEqual([
      { from: '', to: 'h', shard: 's1' },
      { from: 'h', to: null, shard: 's2' },
    ]);
  });

  test('merge of ranges that are not adjacent is refused', () => {
    const table = RangeTable.whole('s1').split('h', 's2').split('q', 's3');
    expect(() => table.merge('', 'q')).toThrow(/no adjacent ranges/);
  });
});
