/**
 * The few calls of RabbitMQ's management HTTP API lab needs to isolate a run (a vhost of its own).
 * The management API listens beside AMQP: on port 15672 of the same host, or where the AMQP URL's
 * `management` query parameter says (a port, or a whole http(s) URL) — lab's own server URLs carry it.
 */
export function managementUrlOf(amqpUrl: string): string {
  const amqp = new URL(amqpUrl);
  const given = amqp.searchParams.get('management');
  if (given && !/^\d+$/.test(given)) return given;
  const management = new URL(`http://${amqp.hostname}`);
  management.port = given ?? '15672';
  management.username = amqp.username || 'guest';
  management.password = amqp.password || 'guest';
  return management.toString();
}

export class RabbitManagement {
  /** The API's base URL with its credentials, e.g. `http://lab:lab@127.0.0.1:15672/`. */
  readonly url: string;
  readonly #base: string;
  readonly #authorization: string;

  constructor(url: string) {
    this.url = url;
    const parsed = new URL(url);
    // fetch refuses URLs with credentials: they go in the Authorization header.
    const user = decodeURIComponent(parsed.username || 'guest');
    const password = decodeURIComponent(parsed.password || 'guest');
    this.#authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
    parsed.username = '';
    parsed.password = '';
    this.#base = parsed.toString().replace(/\/$/, '');
  }

  /** Creates the vhost and gives `user` every permission on it (idempotent). */
  async createVhost(vhost: string, user: string): Promise<void> {
    const v = encodeURIComponent(vhost);
    await this.request('PUT', `/api/vhosts/${v}`, {});
    await this.request('PUT', `/api/permissions/${v}/${encodeURIComponent(user)}`, {
      configure: '.*',
      write: '.*',
      read: '.*',
    });
  }

  /** Deletes the vhost with everything in it; one already gone is fine. */
  async deleteVhost(vhost: string): Promise<void> {
    await this.request('DELETE', `/api/vhosts/${encodeURIComponent(vhost)}`, undefined, [404]);
  }

  /** The vhosts' names. */
  async vhosts(): Promise<string[]> {
    const list = (await this.request('GET', '/api/vhosts')) as { name: string }[];
    return list.map((v) => v.name);
  }

  /** GET of any API path (e.g. `/api/queues/<vhost>`), parsed JSON. */
  async get<T = unknown>(path: string): Promise<T> {
    return (await this.request('GET', path)) as T;
  }

  private async request(method: string, path: string, body?: unknown, accepted: number[] = []): Promise<unknown> {
    const response = await fetch(`${this.#base}${path}`, {
      method,
      headers: { authorization: this.#authorization, 'content-type': 'application/json' },
      signal: AbortSignal.timeout(10_000),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok && !accepted.includes(response.status)) {
      throw new Error(`management API ${method} ${path} answered ${response.status}: ${text.slice(0, 200)}`);
    }
    return text ? JSON.parse(text) : undefined;
  }
}
