/** This instance's cache counters, served in Prometheus text format on GET /metrics. */
export class CacheMetrics {
  hits = 0;
  misses = 0;

  text(): string {
    return [
      '# HELP flags_cache_hits_total Flag-set lookups answered from the Redis cache.',
      '# TYPE flags_cache_hits_total counter',
      `flags_cache_hits_total ${this.hits}`,
      '# HELP flags_cache_misses_total Flag-set lookups that had to read Postgres.',
      '# TYPE flags_cache_misses_total counter',
      `flags_cache_misses_total ${this.misses}`,
      '',
    ].join('\n');
  }
}
