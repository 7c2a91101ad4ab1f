import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One call the sink received: an attempt (before the work) or an effect (the task's side effect). */
export interface SinkEvent {
  readonly kind: 'attempt' | 'effect';
  readonly taskId: string;
  readonly workerId: string;
  readonly attempt?: number;
  /** Date.now() when the sink received it. */
  readonly at: number;
}

const readBody = async (req: IncomingMessage): Promise<unknown> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
};

/**
 * The side-effect sink the workers report to (SINK_URL), run inside the grader: it records every
 * POST /attempts and POST /effects with the time it arrived, counts and never deduplicates, and
 * can hold its answer to /effects (`effectDelayMs`) to make each effect cost time.
 */
export async function startSink(options: { effectDelayMs?: number } = {}) {
  const events: SinkEvent[] = [];
  let effectDelayMs = options.effectDelayMs ?? 0;
  const server = createServer((req, res) => {
    const kind = req.url === '/attempts' ? 'attempt' : req.url === '/effects' ? 'effect' : undefined;
    if (req.method !== 'POST' || !kind) {
      res.writeHead(404).end();
      return;
    }
    readBody(req)
      .then((body) => {
        const b = body as { taskId?: unknown; workerId?: unknown; attempt?: unknown };
        events.push({
          kind,
          taskId: String(b.taskId),
          workerId: String(b.workerId),
          ...(b.attempt === undefined ? {} : { attempt: Number(b.attempt) }),
          at: Date.now(),
        });
        const answer = () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
        if (kind === 'effect' && effectDelayMs > 0) setTimeout(answer, effectDelayMs);
        else answer();
      })
      .catch(() => res.writeHead(400).end('{"error":"a JSON body is expected"}'));
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const of = (kind: SinkEvent['kind'], taskId?: string) =>
    events.filter((e) => e.kind === kind && (taskId === undefined || e.taskId === taskId));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    events: (): readonly SinkEvent[] => events,
    attempts: (taskId?: string) => of('attempt', taskId),
    effects: (taskId?: string) => of('effect', taskId),
    /** Effects per task id, for the ids given (0 for an id without any). */
    effectCounts(ids: readonly string[]): Map<string, number> {
      const counts = new Map(ids.map((id) => [id, 0]));
      for (const e of events)
        if (e.kind === 'effect' && counts.has(e.taskId)) counts.set(e.taskId, (counts.get(e.taskId) ?? 0) + 1);
      return counts;
    },
    /** The ids given that have no effect yet. */
    missing(ids: readonly string[]): string[] {
      const done = new Set(of('effect').map((e) => e.taskId));
      return ids.filter((id) => !done.has(id));
    },
    setEffectDelay(ms: number) {
      effectDelayMs = ms;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
export type Sink = Awaited<ReturnType<typeof startSink>>;
