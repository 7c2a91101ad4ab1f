import { createServer } from 'node:http';

/**
 * example-app (B2): a small program that uses your SDK.
 * TODO(B2): boot the SDK from SDK_SNAPSHOT_PATH, poll FLAGS_URL every SDK_POLL_INTERVAL_MS with
 * If-None-Match and SDK_TOKEN, keep last-known flags when the service is down, and answer
 * GET /feature/:key?userId=…&<attribute>=… with {value, source: "live" | "snapshot"}.
 */
const port = Number(process.env.PORT ?? 3100);
createServer((_request, response) => {
  response.writeHead(501, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ error: 'the SDK is not written yet' }));
}).listen(port, '127.0.0.1');
