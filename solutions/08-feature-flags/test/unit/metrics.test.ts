import { describe, expect, test } from 'vitest';
import { CacheMetrics } from '../../src/metrics.ts';

const sample = (text: string, name: string): number => {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return Number(line?.split(' ').at(-1) ?? Number.NaN);
};

describe('metrics', () => {
  test('hits, misses and evaluations are Prometheus counters that move', async () => {
    const metrics = new CacheMetrics();
    metrics.hit();
    metrics.hit();
    metrics.miss();
    metrics.evaluated('RULE_MATCH', 3);
    const text = await metrics.text();
    expect(text).toContain('# TYPE flags_cache_hits_total counter');
    expect(sample(text, 'flags_cache_hits_total')).toBe(2);
    expect(sample(text, 'flags_cache_misses_total')).toBe(1);
    expect(text).toContain('flags_evaluations_total{reason="RULE_MATCH"} 3');
  });
});
