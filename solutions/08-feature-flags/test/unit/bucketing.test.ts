import { describe, expect, test } from 'vitest';
import { BUCKETS, bucketOf, pickFromRollout } from '../../src/bucketing.ts';

describe('bucketing', () => {
  test('a user lands in the same bucket every time, and buckets differ per flag', () => {
    expect(bucketOf('checkout', 'user-1')).toBe(bucketOf('checkout', 'user-1'));
    const users = Array.from({ length: 200 }, (_, i) => `user-${i}`);
    const differing = users.filter((u) => bucketOf('checkout', u) !== bucketOf('search', u));
    expect(differing.length).toBeGreaterThan(190);
    for (const u of users) expect(bucketOf('checkout', u)).toBeLessThan(BUCKETS);
  });

  test('a 30/70 rollout splits 10,000 users within 2 points of 70 % for the larger variant', () => {
    let off = 0;
    for (let i = 0; i < 10_000; i++) {
      if (pickFromRollout({ on: 30, off: 70 }, bucketOf('split', `u${i}`)) === 'off') off++;
    }
    // Ranges are cumulative in name order: "off" comes first and holds 70 %.
    expect(Math.abs(off / 100 - 70)).toBeLessThanOrEqual(2);
  });

  test('growing a rollout keeps everyone who was already in', () => {
    const users = Array.from({ length: 2_000 }, (_, i) => `u${i}`);
    const inAt = (pct: number) =>
      new Set(users.filter((u) => pickFromRollout({ a: pct, b: 100 - pct }, bucketOf('grow', u)) === 'a'));
    const ten = inAt(10);
    const twenty = inAt(20);
    for (const u of ten) expect(twenty.has(u)).toBe(true);
    expect(twenty.size).toBeGreaterThan(ten.size);
  });
});
