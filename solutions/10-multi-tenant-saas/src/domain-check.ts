import http from 'node:http';

/**
 * GET http://<domain><path> through an HTTP forward proxy (absolute-form request target), the
 * way a verifier on the internet would fetch it. Resolves the body of a 200, or undefined.
 */
export function fetchThroughProxy(proxyUrl: string, domain: string, path: string): Promise<string | undefined> {
  const proxy = new URL(proxyUrl);
  return new Promise((resolve) => {
    const request = http.get(
      {
        host: proxy.hostname,
        port: proxy.port || 80,
        path: `http://${domain}${path}`,
        headers: { host: domain },
        timeout: 5_000,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve(response.statusCode === 200 ? Buffer.concat(chunks).toString('utf8') : undefined),
        );
        response.on('error', () => resolve(undefined));
      },
    );
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(undefined));
  });
}
