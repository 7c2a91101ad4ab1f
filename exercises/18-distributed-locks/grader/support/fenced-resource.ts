import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export type AccessKind = 'enter' | 'write' | 'exit';

/** One call to the resource, as the resource saw it. */
export interface Access {
  /** Order of arrival (one counter for every call). */
  readonly seq: number;
  /** performance.now() in the grader process at arrival. */
  readonly at: number;
  readonly kind: AccessKind;
  readonly worker: string;
  readonly lock: string;
  /** undefined: the call carried no numeric token, so the resource could not fence it. */
  readonly token: number | undefined;
  /** 200 accepted, 409 stale token refused, 400 not even a worker/lock. */
  status: number;
}

/** Runs before the resource judges a call (its token is compared after the hook): a place to cause faults. */
export type AccessHook = (access: Access) => Promise<void> | void;

interface Waiter {
  readonly match: (access: Access) => boolean;
  readonly resolve: (access: Access) => void;
}

/**
 * The grader's fenced resource: an HTTP server in the grader process that records every call
 * (`POST /enter|/write|/exit {worker, lock, token}`) and refuses a token lower than the highest one it
 * has accepted for that lock with 409. Equal tokens pass: a holder enters, writes and exits with one token.
 */
export async function startFencedResource() {
  const accesses: Access[] = [];
  const highest = new Map<string, number>();
  const waiters = new Set<Waiter>();
  let hook: AccessHook | undefined;
  let seq = 0;

  const judge = (access: Access): number => {
    if (!access.worker || !access.lock) return 400;
    if (access.token === undefined) return 200;
    const top = highest.get(access.lock) ?? Number.NEGATIVE_INFINITY;
    if (access.token < top) return 409;
    highest.set(access.lock, access.token);
    return 200;
  };

  const server = createServer((req, res) => {
    handle(req).then(
      (status) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(status === 409 ? { error: 'stale token' } : { ok: status === 200 }));
      },
      () => {
        res.writeHead(400).end();
      },
    );
  });

  async function handle(req: IncomingMessage): Promise<number> {
    const at = performance.now();
    const kind = (req.url ?? '').replace(/^\//, '');
    const body = await readBody(req);
    if (req.method !== 'POST' || (kind !== 'enter' && kind !== 'write' && kind !== 'exit')) return 404;
    const token = typeof body.token === 'number' && Number.isFinite(body.token) ? body.token : undefined;
    const access: Access = {
      seq: ++seq,
      at,
      kind,
      worker: String(body.worker ?? ''),
      lock: String(body.lock ?? ''),
      token,
      status: 0,
    };
    accesses.push(access);
    await hook?.(access);
    access.status = judge(access);
    for (const waiter of waiters) {
      if (waiter.match(access)) {
        waiters.delete(waiter);
        waiter.resolve(access);
      }
    }
    return access.status;
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    /** Every call so far, in order of arrival. */
    accesses: (): readonly Access[] => accesses,
    setHook(next: AccessHook | undefined) {
      hook = next;
    },
    /** The first judged call matching `match` from now on; undefined after `timeoutMs`. */
    next(match: (access: Access) => boolean, timeoutMs: number): Promise<Access | undefined> {
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          resolve(undefined);
        }, timeoutMs);
        const waiter: Waiter = {
          match,
          resolve: (access) => {
            clearTimeout(timer);
            resolve(access);
          },
        };
        waiters.add(waiter);
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
export type FencedResource = Awaited<ReturnType<typeof startFencedResource>>;

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
