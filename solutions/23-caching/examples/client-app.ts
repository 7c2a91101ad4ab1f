import { createServer } from 'node:http';
import { logger } from '../src/logger.ts';
import { NearCacheClient } from '../src/near-cache.ts';

/**
 * A small app that reads items through the near-cache client library: GET /items/:id answers
 * the item plus `source: "near" | "service"`.
 */
const required = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: client-app needs it (see the contract)`);
  return value;
};

const client = await NearCacheClient.connect(
  required('SERVICE_URLS')
    .split(',')
    .map((url) => url.trim())
    .filter(Boolean),
  required('REDIS_URL'),
  process.env.KEY_PREFIX ?? '',
);

createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://client-app');
  const item = /^\/items\/([^/]+)$/.exec(url.pathname);
  if (req.method === 'GET' && url.pathname === '/healthz') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    return;
  }
  if (req.method !== 'GET' || !item) {
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"try GET /items/:id"}');
    return;
  }
  client
    .get(decodeURIComponent(item[1] as string))
    .then(({ text, source }) => {
      // Append the source to the item's own JSON text, so its values are passed on untouched.
      res.writeHead(200, { 'content-type': 'application/json' }).end(text.replace(/}\s*$/, `,"source":"${source}"}`));
    })
    .catch((error: Error) =>
      res.writeHead(502, { 'content-type': 'application/json' }).end(JSON.stringify({ error: error.message })),
    );
}).listen(Number(process.env.PORT ?? 3100), '127.0.0.1', () =>
  logger.info({ port: process.env.PORT }, 'client-app listening'),
);
