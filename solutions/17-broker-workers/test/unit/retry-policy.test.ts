import { describe, expect, test } from 'vitest';
import { afterFailure } from '../../src/retry-policy.ts';

describe('afterFailure: the retry schedule of B2 and the dead-lettering of R3', () => {
  test('attempt n waits the n-th delay', () => {
    const delays = [1000, 2000, 4000];
    expect([1, 2, 3].map((attempt) => afterFailure(attempt, 3, delays))).toEqual([
      { action: 'retry', delayMs: 1000 },
      { action: 'retry', delayMs: 2000 },
      { action: 'retry', delayMs: 4000 },
    ]);
  });

  test('more retries than delays repeat the last delay', () => {
    expect(afterFailure(5, 10, [100, 200])).toEqual({ action: 'retry', delayMs: 200 });
  });

  test('the attempt after MAX_RETRIES retries is dead-lettered; MAX_RETRIES=0 dead-letters at once', () => {
    expect(afterFailure(4, 3, [1000])).toEqual({ action: 'dead-letter' });
    expect(afterFailure(1, 0, [1000])).toEqual({ action: 'dead-letter' });
  });
});
