/** The resource answered 409: a newer holder has written with a higher token, ours is stale. */
export class StaleTokenError extends Error {
  override readonly name = 'StaleTokenError';
}

/** A fenced call: who, which lock, which token (the resource's only way to refuse a stale holder). */
export interface FencedCall {
  readonly worker: string;
  readonly lock: string;
  readonly token: number;
  readonly value?: string;
}

/**
 * Calls the fenced resource; every call carries the token. Without RESOURCE_URL there is no
 * resource to protect: a section then only holds the lock (acquire, hold, renew, release).
 */
export function resourceClient(resourceUrl: string) {
  const call = async (path: 'enter' | 'write' | 'exit', body: FencedCall, signal?: AbortSignal) => {
    if (!resourceUrl) return;
    const res = await fetch(`${resourceUrl}/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      ...(signal ? { signal } : {}),
    });
    await res.arrayBuffer();
    if (res.status === 409) throw new StaleTokenError(`${path} refused: token ${body.token} is stale`);
    if (!res.ok) throw new Error(`${path} answered ${res.status}`);
  };
  return {
    enter: (body: FencedCall, signal?: AbortSignal) => call('enter', body, signal),
    write: (body: FencedCall, signal?: AbortSignal) => call('write', body, signal),
    exit: (body: FencedCall, signal?: AbortSignal) => call('exit', body, signal),
  };
}
export type ResourceClient = ReturnType<typeof resourceClient>;
