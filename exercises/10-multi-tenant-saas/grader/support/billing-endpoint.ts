import { createServer } from 'node:http';

/** The grader's billing system: records every JSON body POSTed to it. */
export interface BillingEndpoint {
  readonly url: string;
  received(): unknown[];
  close(): Promise<void>;
}

export function startBillingEndpoint(port: number): Promise<BillingEndpoint> {
  const bodies: unknown[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      try {
        bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        response.writeHead(204).end();
      } catch {
        bodies.push({ notJson: Buffer.concat(chunks).toString('utf8').slice(0, 200) });
        response.writeHead(400).end();
      }
    });
  });
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${port}/billing`,
        received: () => [...bodies],
        close: () => new Promise((done) => server.close(() => done())),
      }),
    );
  });
}
