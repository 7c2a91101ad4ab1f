import { createServer } from 'node:http';

/**
 * A small app that reads items from your service instances (SERVICE_URLS): GET /items/:id answers
 * the item plus `source: "near" | "service"`.
 */
// TODO(B2): a client library with a near cache, cleared through your invalidation channel (REDIS_URL,
// KEY_PREFIX) and emptied whenever that subscription drops.
const services = (process.env.SERVICE_URLS ?? '').split(',').filter(Boolean);
let next = 0;

createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://client-app');
  const item = /^\/items\/([^/]+)$/.exec(url.pathname);
  if (req.method === 'GET' && url.pathname === '/healthz') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    return;
  }
  if (req.method !== 'GET' || !item || services.length === 0) {
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"try GET /items/:id"}');
    return;
  }
  fetch(`${services[next++ % services.length]}/items/${item[1]}`)
    .then((r) => r.text())
    .then((text) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(text.replace(/}\s*$/, ',"source":"service"}')),
    )
    .catch((error: Error) => res.writeHead(502).end(JSON.stringify({ error: error.message })));
}).listen(Number(process.env.PORT ?? 3100), '127.0.0.1');
