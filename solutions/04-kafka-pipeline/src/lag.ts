import type { Admin } from 'kafkajs';
import client from 'prom-client';
import { registry } from './metrics.ts';

/** Lag of one partition: what the group has not committed yet (from the log start when it never committed). */
export function partitionLag(high: string, low: string, committed: string | undefined): number {
  const from = committed !== undefined && Number(committed) >= 0 ? Number(committed) : Number(low);
  return Math.max(0, Number(high) - from);
}

/**
 * pipeline_consumer_lag{partition}, computed when /metrics is scraped (high watermark − committed
 * offset of the group), so a consumer that was frozen reports the backlog as it is now, not a value
 * from before it stopped.
 */
export function registerLagGauge(admin: Admin, groupId: string, topic: string): void {
  new client.Gauge({
    name: 'pipeline_consumer_lag',
    help: 'Messages of the input topic not yet committed by the consumer group, per partition',
    labelNames: ['partition'],
    registers: [registry],
    async collect() {
      // A broker that does not answer keeps the last values rather than failing the whole scrape.
      const answer = await Promise.all([
        admin.fetchTopicOffsets(topic),
        admin.fetchOffsets({ groupId, topics: [topic] }),
      ])
        .then((a) => a)
        .catch(() => undefined);
      if (!answer) return;
      const [ends, committed] = answer;
      const byPartition = new Map(committed[0]?.partitions.map((p) => [p.partition, p.offset]));
      this.reset();
      for (const end of ends) {
        this.set({ partition: String(end.partition) }, partitionLag(end.high, end.low, byPartition.get(end.partition)));
      }
    },
  });
}
