import { Counter, Registry } from 'prom-client';

/**
 * This instance's counters, served in Prometheus text format on GET /metrics: cache lookups (one hit
 * or one miss per read, R3 counts them exactly), evaluations by reason (the key path of the service)
 * and every answered request by route pattern and status (refusals included).
 */
export class CacheMetrics {
  readonly registry = new Registry();
  private readonly hits = new Counter({
    name: 'flags_cache_hits_total',
    help: 'Flag-set lookups answered from the Redis cache.',
    registers: [this.registry],
  });
  private readonly misses = new Counter({
    name: 'flags_cache_misses_total',
    help: 'Flag-set lookups that had to read Postgres.',
    registers: [this.registry],
  });
  private readonly evaluations = new Counter({
    name: 'flags_evaluations_total',
    help: 'Contexts evaluated by POST /evaluate and /evaluate/batch, by reason.',
    labelNames: ['reason'],
    registers: [this.registry],
  });

  readonly requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status code.',
    labelNames: ['method', 'route', 'status_code'],
    registers: [this.registry],
  });

  hit(): void {
    this.hits.inc();
  }

  miss(): void {
    this.misses.inc();
  }

  evaluated(reason: string, count = 1): void {
    this.evaluations.inc({ reason }, count);
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
