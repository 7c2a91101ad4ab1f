import https from 'node:https';
import tls from 'node:tls';
import type { FastifyBaseLogger } from 'fastify';
import type pg from 'pg';

interface Route {
  readonly tenantId: string;
  readonly cert: string;
  readonly key: string;
}

const lookup = async (pool: pg.Pool, name: string): Promise<Route | undefined> => {
  const { rows } = await pool.query<{ tenant_id: string; cert_pem: string; key_pem: string }>(
    'SELECT tenant_id, cert_pem, key_pem FROM domain_route($1)',
    [name],
  );
  const row = rows[0];
  return row && { tenantId: row.tenant_id, cert: row.cert_pem, key: row.key_pem };
};

/**
 * Tenants' custom domains over HTTPS: SNI picks the certificate of the verified name, and the
 * Host header picks the tenant. A name nobody verified gets no certificate at all.
 */
export function startTlsServer(pool: pg.Pool, port: number, log: FastifyBaseLogger): https.Server {
  const server = https.createServer(
    {
      SNICallback: (servername, callback) => {
        lookup(pool, servername)
          .then((route) =>
            route
              ? callback(null, tls.createSecureContext({ cert: route.cert, key: route.key }))
              : callback(new Error(`no verified domain ${servername}`)),
          )
          .catch((error: Error) => callback(error));
      },
    },
    (request, response) => {
      const host = (request.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
      const send = (status: number, body: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(body));
      };
      if (request.url !== '/tenant') return send(404, { error: 'custom domains serve GET /tenant' });
      lookup(pool, host)
        .then(async (route) => {
          if (!route) return send(404, { error: `${host} is not a verified custom domain` });
          const tenant = await pool.query('SELECT id, name FROM tenants WHERE id = $1', [route.tenantId]);
          send(200, tenant.rows[0]);
        })
        .catch((error: Error) => {
          log.error({ err: error }, 'custom domain request failed');
          send(500, { error: 'internal error' });
        });
    },
  );
  server.on('tlsClientError', () => {});
  server.listen(port, '127.0.0.1');
  return server;
}
