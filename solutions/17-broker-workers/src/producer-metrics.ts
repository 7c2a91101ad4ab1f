import { Counter, Gauge, Registry } from 'prom-client';
import type { QueueStats } from './queue-stats.ts';

/**
 * The producer's /metrics: confirms and failed publishes (the key path), and — B3 — the broker's own
 * figures per queue, read from the management API at scrape time so they match it.
 */
export function producerMetrics(readStats: (() => Promise<QueueStats>) | undefined) {
  const registry = new Registry();
  const confirms = new Counter({
    name: 'producer_confirms_total',
    help: 'Messages the broker confirmed to the producer.',
    registers: [registry],
  });
  const publishFailures = new Counter({
    name: 'producer_publish_failures_total',
    help: 'Publishes that got no confirm (timeout, nack, broker down), by reason.',
    labelNames: ['reason'],
    registers: [registry],
  });
  const requests = new Counter({
    name: 'producer_http_requests_total',
    help: 'HTTP requests answered, by route and status.',
    labelNames: ['route', 'status'],
    registers: [registry],
  });
  if (readStats) {
    // One collect refreshes every broker gauge; prom-client awaits it before rendering the first of
    // them (they render in registration order). Without the management API they stay empty.
    const refresh = async (): Promise<void> => {
      const stats = await readStats().catch(() => undefined);
      if (!stats) return;
      for (const gauge of [depth, publishRate, deliverRate, ackRate]) gauge.reset();
      for (const [queue, figures] of Object.entries(stats.queues)) {
        depth.set({ queue }, figures.depth);
        publishRate.set({ queue }, figures.publishRate);
        deliverRate.set({ queue }, figures.deliverRate);
        ackRate.set({ queue }, figures.ackRate);
      }
      dlqDepth.set(stats.dlq.depth);
      deadLettered.set(stats.errors.deadLettered);
    };
    const queueGauge = (name: string, help: string, collect?: () => Promise<void>) =>
      new Gauge({ name, help, labelNames: ['queue'], registers: [registry], ...(collect ? { collect } : {}) });
    const depth = queueGauge('rabbitmq_queue_depth', 'Messages in the queue (ready + unacked).', refresh);
    const publishRate = queueGauge('rabbitmq_queue_publish_rate', 'Messages/s published into the queue.');
    const deliverRate = queueGauge('rabbitmq_queue_deliver_rate', 'Messages/s delivered from the queue.');
    const ackRate = queueGauge('rabbitmq_queue_ack_rate', 'Messages/s acknowledged from the queue.');
    const dlqDepth = new Gauge({
      name: 'rabbitmq_dlq_depth',
      help: 'Messages in the dead-letter queue.',
      registers: [registry],
    });
    const deadLettered = new Gauge({
      name: 'rabbitmq_dead_lettered_total',
      help: 'Messages ever published into the DLQ (from the management API).',
      registers: [registry],
    });
  }
  return { registry, confirms, publishFailures, requests };
}
