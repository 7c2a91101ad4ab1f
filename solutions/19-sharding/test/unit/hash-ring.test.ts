import { describe, expect, test } from 'vitest';
import { HashRing } from '../../src/hash-ring.ts';

const keys = Array.from({ length: 20_000 }, (_, i) => `key:${i}`);

describe('HashRing', () => {
  test('spreads keys within 10 % of the mean over four shards', () => {
    const ring = new HashRing(['s1', 's2', 's3', 's4']);
    const counts = new Map<string, number>();
    for (const k of keys) counts.set(ring.ownerOf(k), (counts.get(ring.ownerOf(k)) ?? 0) + 1);
    for (const n of counts.values()) expect(Math.abs(n - 5000)).toBeLessThan(500);
  });

  test('adding a shard moves about 1/N of the keys, all to the new shard', () => {
    const four = new HashRing(['s1', 's2', 's3', 's4']);
    const five = new HashRing(['s1', 's2', 's3', 's4', 's5']);
    const moved = keys.filter((k) => four.ownerOf(k) !== five.ownerOf(k));
    expect(moved.length / keys.length).toBeGreaterThan(0.15);
    expect(moved.length / keys.length).toBeLessThan(0.25);
    expect(moved.every((k) => five.ownerOf(k) === 's5')).toBe(true);
  });

  test('is the same ring whatever order the shards are given in', () => {
    const a = new HashRing(['s1', 's2', 's3']);
    const b = new HashRing(['s3', 's1', 's2']);
    expect(keys.slice(0, 2000).every((k) => a.ownerOf(k) === b.ownerOf(k))).toBe(true);
  });
});
