/** One queue as the management API reports it (only the fields the grader reads). */
export interface QueueInfo {
  readonly name: string;
  readonly durable: boolean;
  readonly arguments: Record<string, unknown>;
  readonly messages?: number;
  readonly messages_ready?: number;
  readonly messages_unacknowledged?: number;
  readonly consumers?: number;
  readonly message_stats?: {
    readonly redeliver?: number;
    readonly publish_details?: { rate: number };
    readonly deliver_get_details?: { rate: number };
    readonly ack_details?: { rate: number };
  };
}

/** A message read with the API's "get" (requeued at once). */
export interface PeekedMessage {
  readonly payload: string;
  readonly payload_encoding: string;
  readonly properties: { delivery_mode?: number; priority?: number; headers?: Record<string, unknown> };
}

export interface ConsumerInfo {
  readonly prefetch_count: number;
  readonly queue: { name: string };
  readonly consumer_tag: string;
}

/**
 * The RabbitMQ management HTTP API of one vhost — where the grader reads what the broker itself
 * knows: durability, depths, consumers and their prefetch, redeliveries. `env` is what the program
 * got (RABBITMQ_URL on the run's vhost, RABBITMQ_MANAGEMENT_URL with credentials).
 */
export function managementOf(env: Readonly<Record<string, string | undefined>>) {
  const amqp = new URL(env.RABBITMQ_URL ?? '');
  const base = new URL(env.RABBITMQ_MANAGEMENT_URL ?? '');
  const authorization = `Basic ${Buffer.from(`${decodeURIComponent(base.username)}:${decodeURIComponent(base.password)}`).toString('base64')}`;
  base.username = '';
  base.password = '';
  const root = base.toString().replace(/\/$/, '');
  const vhost = encodeURIComponent(decodeURIComponent(amqp.pathname.slice(1)));
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T | undefined> => {
    const response = await fetch(`${root}${path}`, {
      method,
      headers: { authorization, 'content-type': 'application/json' },
      signal: AbortSignal.timeout(10_000),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (response.status === 404) return undefined;
    if (!response.ok)
      throw new Error(`management API ${method} ${path} answered ${response.status}: ${text.slice(0, 200)}`);
    return JSON.parse(text) as T;
  };
  const q = (name: string) => `/api/queues/${vhost}/${encodeURIComponent(name)}`;
  return {
    /** The queue, or undefined when it does not exist. */
    queue: (name: string) => call<QueueInfo>('GET', q(name)),
    /** The queue, or undefined when the API does not answer (a restarting broker) or it does not exist. */
    queueIfUp: (name: string) => call<QueueInfo>('GET', q(name)).catch(() => undefined),
    queues: async () => (await call<QueueInfo[]>('GET', `/api/queues/${vhost}`)) ?? [],
    exchange: (name: string) =>
      call<{ durable: boolean; type: string }>('GET', `/api/exchanges/${vhost}/${encodeURIComponent(name)}`),
    consumers: async () => (await call<ConsumerInfo[]>('GET', `/api/consumers/${vhost}`)) ?? [],
    /** Reads up to `count` messages from the head of the queue and puts them back. */
    peek: async (name: string, count: number) =>
      (await call<PeekedMessage[]>('POST', `${q(name)}/get`, {
        count,
        ackmode: 'ack_requeue_true',
        encoding: 'auto',
        truncate: 50_000,
      })) ?? [],
  };
}
export type Management = ReturnType<typeof managementOf>;
