import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request that went through the proxy to the flags service. */
export interface ProxiedRequest {
  readonly at: number;
  readonly method: string;
  readonly path: string;
  readonly ifNoneMatch: string | undefined;
  /** undefined when the service could not be reached. */
  readonly status: number | undefined;
}

/**
 * The grader stands between example-app and the flags service (FLAGS_URL points here) to see what the
 * SDK sends — If-None-Match, how often — and what it gets. When the service is down, the connection
 * is dropped just like the service's own port would refuse it.
 */
export class RecordingProxy {
  readonly log: ProxiedRequest[] = [];
  private server: Server | undefined;

  constructor(private readonly target: URL) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const ifNoneMatch = req.headers['if-none-match'];
      const record = (status: number | undefined) =>
        this.log.push({ at: Date.now(), method: req.method ?? 'GET', path: req.url ?? '/', ifNoneMatch, status });
      const upstream = httpRequest(
        { host: this.target.hostname, port: this.target.port, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          record(answer.statusCode);
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => {
        record(undefined);
        req.socket.destroy();
      });
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  since(time: number): ProxiedRequest[] {
    return this.log.filter((r) => r.at >= time);
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}
