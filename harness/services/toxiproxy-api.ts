/**
 * A small typed client of Toxiproxy's REST API (v2, https://github.com/Shopify/toxiproxy#http-api):
 * what lab needs to put a run's dependencies behind proxies and what graders need to degrade them.
 * (@testcontainers/toxiproxy would do this but needs Node 22.)
 */

/** One proxy: clients connect to `listen`, Toxiproxy connects to `upstream`. */
export interface ToxiproxyProxy {
  readonly name: string;
  /** `host:port` it listens on. */
  readonly listen: string;
  /** `host:port` it forwards to. */
  readonly upstream: string;
  /** A disabled proxy closes its connections and refuses new ones: the link is cut. */
  readonly enabled: boolean;
  readonly toxics: readonly Toxic[];
}

/** `downstream`: from the dependency to the client; `upstream`: from the client to the dependency. */
export type ToxicStream = 'upstream' | 'downstream';

/** The toxics lab's graders use, with their attributes (all times in ms, rates in KB/s). */
export type ToxicSpec =
  /** Delays every chunk of data by `latency` ± `jitter`. */
  | { readonly type: 'latency'; readonly attributes: { readonly latency: number; readonly jitter: number } }
  /** Stops all data; closes the connection after `timeout` (0: never, data is dropped until removed). */
  | { readonly type: 'timeout'; readonly attributes: { readonly timeout: number } }
  /** Resets connections (TCP RST) after `timeout` (0: at once). */
  | { readonly type: 'reset_peer'; readonly attributes: { readonly timeout: number } }
  /** Limits the rate to `rate` KB/s. */
  | { readonly type: 'bandwidth'; readonly attributes: { readonly rate: number } };

export type Toxic = ToxicSpec & {
  readonly name: string;
  readonly stream: ToxicStream;
  /** Share of connections affected, 0..1. */
  readonly toxicity: number;
};

export class ToxiproxyApi {
  /** The API's base URL, e.g. `http://127.0.0.1:8474`. */
  readonly url: string;

  constructor(url: string) {
    this.url = url.replace(/\/$/, '');
  }

  async version(): Promise<string> {
    return (await this.request('GET', '/version', undefined, 'text')) as string;
  }

  async proxies(): Promise<ToxiproxyProxy[]> {
    return Object.values((await this.request('GET', '/proxies')) as Record<string, ToxiproxyProxy>);
  }

  async proxy(name: string): Promise<ToxiproxyProxy> {
    return (await this.request('GET', `/proxies/${encodeURIComponent(name)}`)) as ToxiproxyProxy;
  }

  async createProxy(name: string, listen: string, upstream: string): Promise<ToxiproxyProxy> {
    return (await this.request('POST', '/proxies', { name, listen, upstream, enabled: true })) as ToxiproxyProxy;
  }

  /** Enables or disables a proxy (disabled: every connection through it is closed, new ones refused). */
  async setEnabled(name: string, enabled: boolean): Promise<void> {
    await this.request('POST', `/proxies/${encodeURIComponent(name)}`, { enabled });
  }

  /** Deletes a proxy; one already gone is fine. */
  async deleteProxy(name: string): Promise<void> {
    await this.request('DELETE', `/proxies/${encodeURIComponent(name)}`, undefined, 'json', [404]);
  }

  async addToxic(proxy: string, toxic: Toxic): Promise<Toxic> {
    return (await this.request('POST', `/proxies/${encodeURIComponent(proxy)}/toxics`, toxic)) as Toxic;
  }

  /** Removes a toxic; one already gone (or whose proxy is gone) is fine. */
  async removeToxic(proxy: string, toxic: string): Promise<void> {
    const path = `/proxies/${encodeURIComponent(proxy)}/toxics/${encodeURIComponent(toxic)}`;
    await this.request('DELETE', path, undefined, 'json', [404]);
  }

  private async request(
    method: string,
    path: string,
    body?: unknown,
    as: 'json' | 'text' = 'json',
    accepted: readonly number[] = [],
  ): Promise<unknown> {
    const response = await fetch(`${this.url}${path}`, {
      method,
      signal: AbortSignal.timeout(10_000),
      ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
    const text = await response.text();
    if (!response.ok && !accepted.includes(response.status)) {
      throw new Error(`Toxiproxy ${method} ${path} answered ${response.status}: ${text.trim().slice(0, 200)}`);
    }
    if (as === 'text') return text.trim();
    return text ? JSON.parse(text) : undefined;
  }
}
