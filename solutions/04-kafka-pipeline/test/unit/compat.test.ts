import avro from 'avsc';
import { describe, expect, test } from 'vitest';
import { checkCompatibility } from '../../src/compat.ts';

type Field = { name: string; type: unknown; default?: unknown; aliases?: string[] };
const record = (fields: Field[]) => avro.Type.forSchema({ type: 'record', name: 'Event', fields } as avro.Schema);
const kind = (symbols: string[], fallback?: string) => ({
  type: 'enum',
  name: 'Kind',
  symbols,
  ...(fallback ? { default: fallback } : {}),
});
const v1 = record([
  { name: 'id', type: 'string' },
  { name: 'count', type: 'int' },
  { name: 'kind', type: kind(['A', 'B'], 'A') },
]);

describe('schema compatibility', () => {
  test('a new field with a default, int → long and a new enum symbol read with a default are fully compatible', () => {
    const v2 = record([
      { name: 'id', type: 'string' },
      { name: 'count', type: 'long' },
      { name: 'kind', type: kind(['A', 'B', 'C'], 'A') },
      { name: 'note', type: 'string', default: '' },
    ]);
    expect(checkCompatibility(v1, v2, 'backward')).toEqual([]);
    // long → int is not a promotion, so forward (old readers, new data) fails on `count` alone.
    expect(checkCompatibility(v1, v2, 'forward')).toEqual(['forward: field count: cannot read long as int']);
  });

  test('a new field without default and a rename without alias name the field', () => {
    const added = record([...(v1 as unknown as { fields: Field[] }).fields, { name: 'note', type: 'string' }]);
    expect(checkCompatibility(v1, added, 'backward').join()).toMatch(/field note/);
    const renamed = record([
      { name: 'ident', type: 'string' },
      { name: 'count', type: 'int' },
      { name: 'kind', type: kind(['A', 'B'], 'A') },
    ]);
    expect(checkCompatibility(v1, renamed, 'full').join()).toMatch(/field ident.*field id/);
    const aliased = record([
      { name: 'ident', type: 'string', aliases: ['id'] },
      { name: 'count', type: 'int' },
      { name: 'kind', type: kind(['A', 'B'], 'A') },
    ]);
    expect(checkCompatibility(v1, aliased, 'backward')).toEqual([]);
  });

  test('a removed enum symbol breaks readers without a default', () => {
    const old = record([{ name: 'kind', type: kind(['A', 'B']) }]);
    const removed = record([{ name: 'kind', type: kind(['A']) }]);
    expect(checkCompatibility(old, removed, 'backward')).toEqual([
      'backward: field kind: symbol B unknown to the reader, whose enum has no default',
    ]);
  });
});
