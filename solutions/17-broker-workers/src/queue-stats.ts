import type { Names } from './topology.ts';

/** One queue's figures as the management API has them (rates in messages/s). */
export interface QueueFigures {
  readonly depth: number;
  readonly publishRate: number;
  readonly deliverRate: number;
  readonly ackRate: number;
}

/** GET /stats: every queue of this prefix, the DLQ's depth, and error counts. */
export interface QueueStats {
  readonly queues: Record<string, QueueFigures>;
  readonly dlq: { readonly depth: number };
  readonly errors: { readonly publishFailures: number; readonly deadLettered: number };
}

interface ManagementQueue {
  name: string;
  messages?: number;
  message_stats?: {
    publish?: number;
    publish_details?: { rate: number };
    deliver_get_details?: { rate: number };
    ack_details?: { rate: number };
  };
}

/**
 * Reads the broker's management HTTP API (B3). RABBITMQ_MANAGEMENT_URL carries credentials, which
 * fetch refuses in a URL: they go in the Authorization header. The vhost is RABBITMQ_URL's path.
 */
export function managementReader(managementUrl: string, amqpUrl: string, names: Names, prefix: string) {
  const parsed = new URL(managementUrl);
  const authorization = `Basic ${Buffer.from(`${decodeURIComponent(parsed.username || 'guest')}:${decodeURIComponent(parsed.password || 'guest')}`).toString('base64')}`;
  parsed.username = '';
  parsed.password = '';
  const base = parsed.toString().replace(/\/$/, '');
  const vhost = decodeURIComponent(new URL(amqpUrl).pathname.slice(1)) || '/';

  return async function readStats(publishFailures = 0): Promise<QueueStats> {
    const response = await fetch(`${base}/api/queues/${encodeURIComponent(vhost)}`, {
      headers: { authorization },
      signal: AbortSignal.timeout(5000),
    });
    if (!response.ok) throw new Error(`management API answered ${response.status} for the queues of ${vhost}`);
    const all = (await response.json()) as ManagementQueue[];
    const queues: Record<string, QueueFigures> = {};
    let dlq: ManagementQueue | undefined;
    for (const queue of all) {
      if (!queue.name.startsWith(`${prefix}tasks`)) continue;
      if (queue.name === names.deadLetterQueue) dlq = queue;
      queues[queue.name] = {
        depth: queue.messages ?? 0,
        publishRate: queue.message_stats?.publish_details?.rate ?? 0,
        deliverRate: queue.message_stats?.deliver_get_details?.rate ?? 0,
        ackRate: queue.message_stats?.ack_details?.rate ?? 0,
      };
    }
    return {
      queues,
      dlq: { depth: dlq?.messages ?? 0 },
      errors: { publishFailures, deadLettered: dlq?.message_stats?.publish ?? 0 },
    };
  };
}
