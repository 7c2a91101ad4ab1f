/** The resource answered 409: a newer holder has written with a higher token, ours is stale. */
export class StaleTokenError extends Error {
  override readonly name = 'StaleTokenError';
}

/** A call to the fenced resource: who, which lock, which token. */
export interface FencedCall {
  readonly worker: string;
  readonly lock: string;
  readonly token: number;
  readonly value?: string;
}

/** Calls the grader's fenced resource (RESOURCE_URL). */
export function resourceClient(resourceUrl: string) {
  const call = async (path: 'enter' | 'write' | 'exit', body: FencedCall, signal?: AbortSignal) => {
    // TODO(R3): send the token with every call; the resource is the judge of staleness.
    const { token: _token, ...withoutToken } = body;
    const res = await fetch(`${resourceUrl}/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(withoutToken),
      ...(signal ? { signal } : {}),
    });
    await res.arrayBuffer();
    // TODO(R3): a 409 means your token is stale: throw StaleTokenError so the section stops.
    if (!res.ok) throw new Error(`${path} answered ${res.status}`);
  };
  return {
    enter: (body: FencedCall, signal?: AbortSignal) => call('enter', body, signal),
    write: (body: FencedCall, signal?: AbortSignal) => call('write', body, signal),
    exit: (body: FencedCall, signal?: AbortSignal) => call('exit', body, signal),
  };
}
export type ResourceClient = ReturnType<typeof resourceClient>;
