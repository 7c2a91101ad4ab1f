import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A side-effect sink like the grader's: it counts attempts and effects, and deduplicates nothing. */
export async function startLocalSink() {
  const attempts: { taskId: string; attempt: number; workerId: string }[] = [];
  const effects: { taskId: string; workerId: string }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      if (req.url === '/attempts') attempts.push(JSON.parse(body));
      else if (req.url === '/effects') effects.push(JSON.parse(body));
      res.writeHead(req.url === '/attempts' || req.url === '/effects' ? 200 : 404).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    attempts,
    effects,
    effectsOf: (id: string) => effects.filter((e) => String(e.taskId) === id).length,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Polls `check` every 50 ms until it holds or `timeoutMs` passed. */
export async function eventually(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
