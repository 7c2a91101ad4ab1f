import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A pass-through HTTP proxy in front of one service instance that counts the requests it forwards:
 * the client-app is given these URLs, so the grader sees exactly how often it asked a service.
 */
export async function startCountingProxy(targetUrl: string) {
  const target = new URL(targetUrl);
  let count = 0;
  const server = createServer((req, res) => {
    count += 1;
    const forward = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', (error) =>
      res.writeHead(502).end(`lab's proxy could not reach the instance: ${error.message}`),
    );
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    count: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
export type CountingProxy = Awaited<ReturnType<typeof startCountingProxy>>;
