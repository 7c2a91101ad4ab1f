import { createServer, type Server } from 'node:http';

/**
 * The grader's stand-in for the internet: an HTTP forward proxy that answers
 * http://<domain>/.well-known/saas-verify/<token> for the tokens it was told to publish, and
 * reports each successful verification fetch to `onVerified`.
 */
export interface DomainProxy {
  readonly url: string;
  publish(domain: string, token: string): void;
  close(): Promise<void>;
}

export async function startDomainProxy(port: number, onVerified: (domain: string) => void): Promise<DomainProxy> {
  const published = new Map<string, string>();
  const server: Server = createServer((request, response) => {
    let target: URL;
    try {
      target = new URL(request.url?.startsWith('http') ? request.url : `http://${request.headers.host}${request.url}`);
    } catch {
      response.writeHead(400).end();
      return;
    }
    const domain = target.hostname.toLowerCase();
    const token = published.get(domain);
    if (token && target.pathname === `/.well-known/saas-verify/${token}`) {
      onVerified(domain);
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end(token);
      return;
    }
    response.writeHead(404, { 'content-type': 'text/plain' });
    response.end('not found');
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    publish: (domain, token) => published.set(domain.toLowerCase(), token),
    close: () => new Promise((done) => server.close(() => done())),
  };
}
