import { freePort, invoke, type LearnerCommandResult } from '../../../../harness/grading/grader-kit.ts';
import { sleep } from './staleness.ts';

/** One GET /items/:id on the client-app. */
export interface ClientAnswer {
  readonly status: number;
  readonly value: unknown;
  readonly source: unknown;
  readonly text: string;
}

/**
 * Starts the contract's `client-app` command as a long-running program on a free PORT (it runs
 * until `lifetimeMs` is over, then lab stops it; lab's teardown stops it in any case) and waits for
 * its GET /healthz.
 */
export async function startClientApp(env: Record<string, string>, lifetimeMs: number) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let ended: LearnerCommandResult | undefined;
  const running = invoke('client-app', [], { env: { ...env, PORT: String(port) }, timeoutMs: lifetimeMs }).then(
    (result) => {
      ended = result;
    },
  );
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline && !ended) {
    const ok = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    await sleep(100);
  }
  const why = () =>
    ended ? `client-app exited (${ended.exitCode ?? ended.signal}); stderr:\n${ended.stderr.slice(-1500)}` : '';
  if (ended || Date.now() >= deadline) {
    throw new Error(`client-app did not answer GET /healthz on PORT=${port} within 30 s. ${why()}`);
  }
  return {
    url,
    running,
    why,
    async get(id: string): Promise<ClientAnswer> {
      try {
        const res = await fetch(`${url}/items/${encodeURIComponent(id)}`, { signal: AbortSignal.timeout(20_000) });
        const text = await res.text();
        let body: { value?: unknown; source?: unknown } = {};
        try {
          body = JSON.parse(text) as typeof body;
        } catch {}
        return { status: res.status, value: body.value, source: body.source, text: text.slice(0, 200) };
      } catch (error) {
        return { status: 0, value: undefined, source: undefined, text: `${(error as Error).message} ${why()}` };
      }
    },
  };
}
export type ClientApp = Awaited<ReturnType<typeof startClientApp>>;
