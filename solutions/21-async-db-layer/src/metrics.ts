import client from 'prom-client';

/** Every metric of the service, in one registry served at GET /metrics. */
export const registry = new client.Registry();

export const httpRequests = new client.Counter({
  name: 'http_requests_total',
  help: 'HTTP requests answered, by route and status',
  labelNames: ['route', 'status'],
  registers: [registry],
});

export const queryDuration = new client.Histogram({
  name: 'db_query_duration_seconds',
  help: 'Time of one database query, by operation and pool',
  labelNames: ['operation', 'pool'],
  // Dense around 100–300 ms so p95/p99 of injected latencies land in narrow buckets.
  buckets: [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.18, 0.2, 0.21, 0.22, 0.23, 0.24, 0.25, 0.275, 0.3, 0.4, 0.5,
    0.75, 1, 2, 5,
  ],
  registers: [registry],
});

export const txRetries = new client.Counter({
  name: 'db_transaction_retries_total',
  help: 'Transactions retried after a deadlock (40P01) or serialization failure (40001)',
  labelNames: ['sqlstate'],
  registers: [registry],
});

export const replicaLag = new client.Gauge({
  name: 'replica_lag_seconds',
  help: 'Seconds the replica is behind the primary (0 when it has replayed all it received)',
  registers: [registry],
});

export const breakerState = new client.Gauge({
  name: 'db_breaker_open',
  help: '1 while the circuit breaker of the primary is open or half open, else 0',
  registers: [registry],
});
