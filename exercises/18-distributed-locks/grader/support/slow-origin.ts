import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * B1's origin: `GET /<key>` answers `{"value": "<key>@<n>"}` after `delayMs`, where n counts the
 * calls for that key, so a value also tells which call produced it.
 */
export async function startSlowOrigin(delayMs: number) {
  const calls = new Map<string, number>();
  const server = createServer((req, res) => {
    const key = decodeURIComponent((req.url ?? '/').slice(1));
    const n = (calls.get(key) ?? 0) + 1;
    calls.set(key, n);
    setTimeout(() => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ value: `${key}@${n}` }));
    }, delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls: (key: string) => calls.get(key) ?? 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
export type SlowOrigin = Awaited<ReturnType<typeof startSlowOrigin>>;
