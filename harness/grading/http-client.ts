/** One HTTP exchange as the grader saw it, ready to be quoted in a failure message. */
export interface Exchange {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The parsed JSON body, or undefined when the body is not JSON. */
  readonly json: unknown;
  /** `POST /items (application/json body …) → 400 application/problem+json {…}` */
  readonly shown: string;
}

export interface RequestOptions {
  readonly token?: string;
  /** Sent as JSON. */
  readonly body?: unknown;
  /** Sent as is, instead of `body`: malformed JSON, other content types. */
  readonly rawBody?: string;
  /** Of `body` or `rawBody`; default application/json. */
  readonly contentType?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
}

const clip = (text: string, max = 400) => (text.length > max ? `${text.slice(0, max)}…` : text);

/** A small client of one instance that remembers what it sent, for failure messages that teach. */
export class GraderHttpClient {
  constructor(readonly baseUrl: string) {}

  async request(method: string, path: string, options: RequestOptions = {}): Promise<Exchange> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    if (body !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
    const response = await fetch(this.baseUrl + path, {
      method,
      headers,
      ...(body === undefined ? {} : { body }),
      signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    const sent = [
      options.token !== undefined ? `Authorization: Bearer ${clip(options.token, 24)}` : '',
      body !== undefined ? `${headers['content-type']} body ${clip(body, 200)}` : '',
      ...Object.entries(options.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
    ]
      .filter(Boolean)
      .join(', ');
    const received = `${response.status} ${response.headers.get('content-type') ?? '(no content-type)'} ${clip(text)}`;
    const shown = `${method} ${path}${sent ? ` (${sent})` : ''}\n  → ${received}`;
    return { method, path, status: response.status, headers: response.headers, text, json, shown };
  }

  get = (path: string, options?: RequestOptions) => this.request('GET', path, options);
  post = (path: string, options?: RequestOptions) => this.request('POST', path, options);
  put = (path: string, options?: RequestOptions) => this.request('PUT', path, options);
  patch = (path: string, options?: RequestOptions) => this.request('PATCH', path, options);
  delete = (path: string, options?: RequestOptions) => this.request('DELETE', path, options);
}
