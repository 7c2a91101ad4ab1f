import { Redis } from 'ioredis';
import { keys } from './config.ts';

/**
 * A client library with a near cache: items read from the service stay in the client's memory
 * until the service's invalidation channel names them. The near cache answers only while its
 * subscription is live; a dropped connection may have lost messages, so it is emptied then.
 */
export class NearCacheClient {
  private readonly near = new Map<string, string>();
  private live = false;
  private next = 0;

  private constructor(private readonly serviceUrls: readonly string[]) {}

  static async connect(serviceUrls: readonly string[], redisUrl: string, prefix: string): Promise<NearCacheClient> {
    if (serviceUrls.length === 0) throw new Error('SERVICE_URLS is empty: give the base URL of at least one instance');
    const client = new NearCacheClient(serviceUrls);
    const subscriber = new Redis(redisUrl, { maxRetriesPerRequest: null });
    subscriber.on('error', () => {});
    const channel = keys(prefix).invalidations;
    subscriber.on('message', (from: string, id: string) => {
      if (from === channel) client.near.delete(id);
    });
    subscriber.on('close', () => client.forgetAll());
    // ioredis subscribes again on its own after a reconnect; only then may the near cache answer.
    subscriber.on('ready', () => {
      client.forgetAll();
      client.live = true;
    });
    await subscriber.subscribe(channel);
    client.live = true;
    return client;
  }

  private forgetAll(): void {
    this.live = false;
    this.near.clear();
  }

  /** The item's JSON text and where it came from. */
  async get(id: string): Promise<{ text: string; source: 'near' | 'service' }> {
    const kept = this.live ? this.near.get(id) : undefined;
    if (kept !== undefined) return { text: kept, source: 'near' };
    const base = this.serviceUrls[this.next++ % this.serviceUrls.length] as string;
    const res = await fetch(`${base}/items/${encodeURIComponent(id)}`);
    const text = await res.text();
    if (!res.ok) throw new Error(`service ${base} answered ${res.status}: ${text.slice(0, 200)}`);
    if (this.live) this.near.set(id, text);
    return { text, source: 'service' };
  }
}
