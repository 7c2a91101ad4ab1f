import https from 'node:https';
import type { PeerCertificate } from 'node:tls';

export interface TlsAnswer {
  readonly status: number;
  readonly body: string;
  readonly cert: PeerCertificate;
}

/**
 * GET `path` over TLS on 127.0.0.1:port with SNI `servername` and Host `servername`, trusting
 * only the grader's CA: it fails unless the certificate is valid for exactly that name.
 */
export function getOverTls(port: number, servername: string, ca: string, path = '/tenant'): Promise<TlsAnswer> {
  return new Promise((resolve, reject) => {
    const request = https.request(
      { host: '127.0.0.1', port, path, servername, ca, headers: { host: servername }, timeout: 10_000, agent: false },
      (response) => {
        const chunks: Buffer[] = [];
        const cert = (response.socket as import('node:tls').TLSSocket).getPeerCertificate();
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), cert }),
        );
      },
    );
    request.on('timeout', () => request.destroy(new Error('no answer within 10 s')));
    request.on('error', reject);
    request.end();
  });
}
