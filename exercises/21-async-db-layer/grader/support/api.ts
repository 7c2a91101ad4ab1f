/** What the grader saw of one HTTP call: status, JSON body (if any), headers, and its own timing. */
export interface Answer<T = Record<string, unknown>> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
  readonly ms: number;
  readonly call: string;
}

export interface Api {
  readonly url: string;
  call<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
    timeoutMs?: number,
  ): Promise<Answer<T>>;
  /** POST /accounts as tenant `t1` (or `tenant`); throws unless 201. */
  createAccount(balance: number, tenant?: string): Promise<number>;
  /** GET /accounts/:id balance; throws unless 200. */
  balance(id: number, headers?: Record<string, string>): Promise<number>;
}

export const DEFAULT_TENANT = 't1';

/** The program's HTTP API; every call carries X-Tenant-Id (t1 unless the caller sets one). */
export function apiOf(url: string, defaultTimeoutMs = 20_000): Api {
  const call: Api['call'] = async (method, path, body, headers = {}, timeoutMs = defaultTimeoutMs) => {
    const started = performance.now();
    const response = await fetch(`${url}${path}`, {
      method,
      headers: {
        'x-tenant-id': DEFAULT_TENANT,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(timeoutMs),
    }).catch((error: Error) => {
      throw new Error(
        `${method} ${path}: no answer within ${timeoutMs} ms (${error.message}); a request must never hang`,
      );
    });
    const text = await response.text();
    const ms = performance.now() - started;
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : {};
    } catch {}
    const sent = body === undefined ? '' : ` ${JSON.stringify(body).slice(0, 120)}`;
    return {
      status: response.status,
      body: parsed as never,
      headers: response.headers,
      ms,
      call: `${method} ${path}${sent} → ${response.status} ${text.slice(0, 200)}`,
    };
  };
  return {
    url,
    call,
    async createAccount(balance, tenant = DEFAULT_TENANT) {
      const answer = await call<{ id?: number }>('POST', '/accounts', { balance }, { 'x-tenant-id': tenant });
      if (answer.status !== 201 || typeof answer.body.id !== 'number') {
        throw new Error(`creating an account must answer 201 {id, balance}: ${answer.call}`);
      }
      return answer.body.id;
    },
    async balance(id, headers = {}) {
      const answer = await call<{ balance?: number }>('GET', `/accounts/${id}`, undefined, headers);
      if (answer.status !== 200 || typeof answer.body.balance !== 'number') {
        throw new Error(`GET /accounts/${id} must answer 200 {id, balance}: ${answer.call}`);
      }
      return answer.body.balance;
    },
  };
}
