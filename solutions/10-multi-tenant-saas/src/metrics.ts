import { Counter, Registry } from 'prom-client';

/** Prometheus counters at GET /metrics, moving with traffic. */
export class Metrics {
  readonly registry = new Registry();
  readonly requests = new Counter({
    name: 'saas_http_requests_total',
    help: 'HTTP requests answered, by route and status class',
    labelNames: ['route', 'status'] as const,
    registers: [this.registry],
  });
  readonly quotaRejections = new Counter({
    name: 'saas_quota_rejections_total',
    help: 'Creates refused because a tenant quota was reached',
    labelNames: ['resource'] as const,
    registers: [this.registry],
  });
  readonly invoicesSent = new Counter({
    name: 'saas_invoices_sent_total',
    help: 'Invoices delivered to the billing webhook',
    registers: [this.registry],
  });
}
