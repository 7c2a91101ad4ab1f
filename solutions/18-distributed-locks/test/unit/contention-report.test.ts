import { describe, expect, it } from 'vitest';
import { contentionReport, jainIndex, percentile } from '../../src/contention-report.ts';

describe('contention report', () => {
  it('takes nearest-rank percentiles', () => {
    const values = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect([percentile(values, 50), percentile(values, 95), percentile([], 99)]).toEqual([5, 10, 0]);
  });

  it('rates an even share 1 and one worker taking everything 1/n', () => {
    expect(jainIndex([10, 10, 10, 10])).toBe(1);
    expect(jainIndex([40, 0, 0, 0])).toBe(0.25);
  });

  it('counts acquisitions and failures per worker', () => {
    const report = contentionReport([
      { worker: 'a', lock: 'l', ok: true, waitMs: 1, holdMs: 10 },
      { worker: 'a', lock: 'l', ok: false },
      { worker: 'b', lock: 'l', ok: true, waitMs: 3, holdMs: 12 },
    ]);
    expect(report).toMatchObject({
      acquisitions: 2,
      failures: 1,
      perWorker: { a: { acquisitions: 1, failures: 1 }, b: { acquisitions: 1, failures: 0 } },
      holdMs: { p50: 10, p95: 12 },
      jainFairness: 1,
    });
  });
});
