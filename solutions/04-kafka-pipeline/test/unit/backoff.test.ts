import { describe, expect, test } from 'vitest';
import { backoffDelay, sleepWithHeartbeat, totalBackoff } from '../../src/backoff.ts';

describe('retry backoff', () => {
  test('delay n is base × 2^(n-1), capped when asked', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, 200))).toEqual([200, 400, 800, 1600]);
    expect(backoffDelay(10, 200, 2000)).toBe(2000);
    expect(totalBackoff(3, 200)).toBe(1400);
  });

  test('a wait heartbeats every second and lasts at least its delay', async () => {
    let beats = 0;
    const started = Date.now();
    await sleepWithHeartbeat(2100, async () => {
      beats++;
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(2090);
    expect(beats).toBe(3);
  });
});
