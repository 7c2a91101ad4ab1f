import { createServer } from 'node:http';
import { FlagsSdk } from '../src/sdk/flags-sdk.ts';

/**
 * example-app: a tiny program using the SDK. GET /feature/:key?userId=…&<attribute>=… answers
 * {value, source}; query values that look like numbers or booleans are passed as such.
 */
const required = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: example-app needs it (see the README's contract)`);
  return value;
};

const sdk = new FlagsSdk({
  url: required('FLAGS_URL'),
  token: required('SDK_TOKEN'),
  snapshotPath: required('SDK_SNAPSHOT_PATH'),
  pollIntervalMs: Number(process.env.SDK_POLL_INTERVAL_MS ?? 5_000),
});
sdk.start();

const typed = (value: string): unknown => {
  if (value === 'true' || value === 'false') return value === 'true';
  return value !== '' && Number.isFinite(Number(value)) ? Number(value) : value;
};

const server = createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const send = (status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };
  if (url.pathname === '/healthz') return send(200, { status: 'ok' });
  const match = /^\/feature\/([^/]+)$/.exec(url.pathname);
  if (!match) return send(404, { error: 'GET /feature/:key?userId=…' });
  const attributes: Record<string, unknown> = {};
  for (const [name, value] of url.searchParams) if (name !== 'userId') attributes[name] = typed(value);
  const result = sdk.evaluate(decodeURIComponent(match[1] as string), {
    userId: url.searchParams.get('userId') ?? '',
    attributes,
  });
  if (!result) return send(404, { error: 'no such flag (or no flags known yet)' });
  return send(200, { value: result.value, variant: result.variant, source: result.source });
});
server.listen(Number(process.env.PORT ?? 3100), '127.0.0.1');

process.once('SIGTERM', () => {
  sdk.stop();
  server.close();
  process.exit(0);
});
