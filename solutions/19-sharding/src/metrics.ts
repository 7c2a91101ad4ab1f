import client from 'prom-client';

/**
 * Per-shard metrics, labelled by shard and operation, never by key (keys are unbounded).
 * shard_rows is read from each shard when /metrics is scraped.
 */
export class ShardMetrics {
  readonly registry = new client.Registry();
  private readonly requests = new client.Counter({
    name: 'shard_requests_total',
    help: 'Statements sent to a shard, by shard and operation (get, put, delete, move, gsi, admin).',
    labelNames: ['shard', 'op'],
    registers: [this.registry],
  });
  private readonly failures = new client.Counter({
    name: 'shard_failures_total',
    help: 'Statements to a shard that failed or timed out.',
    labelNames: ['shard', 'op'],
    registers: [this.registry],
  });
  private readonly duration = new client.Histogram({
    name: 'shard_request_duration_seconds',
    help: 'Time of one statement on a shard, waiting for a connection included.',
    labelNames: ['shard'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly httpRequests = new client.Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by route and status code.',
    labelNames: ['route', 'status'],
    registers: [this.registry],
  });
  readonly hotKeyCacheHits = new client.Counter({
    name: 'hot_key_cache_hits_total',
    help: 'Reads of hot keys answered from the in-process cache instead of a shard.',
    registers: [this.registry],
  });

  constructor(rowCounts: () => Promise<Map<string, number>>, replicaLags: () => Map<string, number> = () => new Map()) {
    new client.Gauge({
      name: 'shard_replica_lag_seconds',
      help: "How far each shard's replica is behind its primary (by WAL position), in seconds.",
      labelNames: ['shard'],
      registers: [this.registry],
      collect() {
        this.reset();
        for (const [shard, ms] of replicaLags()) this.set({ shard }, ms / 1000);
      },
    });
    new client.Gauge({
      name: 'shard_rows',
      help: 'Rows of kv on each shard, counted at scrape time.',
      labelNames: ['shard'],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const [shard, rows] of await rowCounts()) this.set({ shard }, rows);
      },
    });
    client.collectDefaultMetrics({ register: this.registry });
  }

  /** Counts one statement and returns the function that records its duration. */
  started(shard: string, op: string): () => void {
    this.requests.inc({ shard, op });
    return this.duration.startTimer({ shard });
  }

  failed(shard: string, op: string): void {
    this.failures.inc({ shard, op });
  }
}
