import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A real HTTP origin on a free port: GET /items/:id answers {id, value, version}, PUT stores {value}. */
export async function startOrigin() {
  const items = new Map<string, { value: unknown; version: number }>();
  let gets = 0;
  const server = createServer((req, res) => {
    const id = decodeURIComponent(req.url?.replace(/^\/items\//, '') ?? '');
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method === 'PUT') {
        const { value } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { value: unknown };
        items.set(id, { value, version: (items.get(id)?.version ?? 1) + 1 });
      } else {
        gets += 1;
      }
      const item = items.get(id) ?? { value: `${id}@v1`, version: 1 };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id, ...item }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    /** GET calls the origin has answered. */
    gets: () => gets,
    /** Changes an item behind the cache's back. */
    change: (id: string, value: unknown) => items.set(id, { value, version: (items.get(id)?.version ?? 1) + 1 }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
