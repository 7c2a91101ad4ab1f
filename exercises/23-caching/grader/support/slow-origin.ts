import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One item as the origin holds it: its value as JSON text (so big integers stay exact) and its version. */
interface Item {
  valueJson: string;
  version: number;
}

const readBody = async (req: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

/** The item as the origin answers it: `{"id":…,"value":…,"version":…}`. */
export const itemText = (id: string, item: Item): string =>
  `{"id":${JSON.stringify(id)},"value":${item.valueJson},"version":${item.version}}`;

/** What an item unknown to the origin holds at first: `"<id>@v1"`, so a value tells its version. */
export const firstValue = (id: string): string => `${id}@v1`;

/**
 * The slow origin every criterion puts in front of the learner's service (ORIGIN_URL).
 * `GET /items/:id` answers `{id, value, version}` after `delayMs`; `PUT /items/:id {value}` stores
 * the value and bumps the version. It counts every call per item, and the grader can change an
 * item behind the service's back with `change()`.
 */
export async function startSlowOrigin(delayMs: number) {
  let delay = delayMs;
  const items = new Map<string, Item>();
  const gets = new Map<string, number>();
  const puts = new Map<string, number>();
  let totalGets = 0;
  const itemOf = (id: string): Item => {
    let item = items.get(id);
    if (!item) {
      item = { valueJson: JSON.stringify(firstValue(id)), version: 1 };
      items.set(id, item);
    }
    return item;
  };
  const server = createServer((req, res) => {
    const match = /^\/items\/([^/?]+)/.exec(req.url ?? '');
    if (!match) {
      res.writeHead(404).end('the origin only knows /items/:id');
      return;
    }
    const id = decodeURIComponent(match[1] as string);
    const answer = (text: string) =>
      setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end(text), delay);
    if (req.method === 'GET') {
      gets.set(id, (gets.get(id) ?? 0) + 1);
      totalGets += 1;
      answer(itemText(id, itemOf(id)));
      return;
    }
    if (req.method === 'PUT') {
      readBody(req).then(
        (body) => {
          let value: unknown;
          try {
            value = (JSON.parse(body) as { value?: unknown }).value;
          } catch {}
          if (value === undefined) {
            res.writeHead(400).end('PUT /items/:id needs a JSON body {"value": …}');
            return;
          }
          puts.set(id, (puts.get(id) ?? 0) + 1);
          const item = itemOf(id);
          item.valueJson = JSON.stringify(value);
          item.version += 1;
          answer(itemText(id, item));
        },
        () => res.writeHead(400).end(),
      );
      return;
    }
    res.writeHead(405).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    /** Changes the latency of later answers (a cheap warm-up, then a slow measured run). */
    setDelay(ms: number): void {
      delay = ms;
    },
    /** GET /items/:id calls so far, for one item or in all. */
    gets: (id?: string) => (id === undefined ? totalGets : (gets.get(id) ?? 0)),
    puts: (id: string) => puts.get(id) ?? 0,
    /** The item's current answer text, as GET /items/:id would give it. */
    current: (id: string) => itemText(id, itemOf(id)),
    /** Changes an item behind the service's back (valueJson is JSON text); returns the new version. */
    change(id: string, valueJson: string): number {
      const item = itemOf(id);
      item.valueJson = valueJson;
      item.version += 1;
      return item.version;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
export type SlowOrigin = Awaited<ReturnType<typeof startSlowOrigin>>;
