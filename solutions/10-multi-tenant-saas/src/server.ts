import { buildApp } from './app.ts';
import { readConfig } from './config.ts';
import { openAppPool, prepareDatabase } from './db.ts';
import { Metrics } from './metrics.ts';
import { startTelemetry } from './telemetry.ts';
import { startTlsServer } from './tls-server.ts';

const telemetry = await startTelemetry('saas');
const config = readConfig();
const { appUrl } = await prepareDatabase(config.databaseUrl, config.appDbPassword);
// From here on the owner's credentials are not used: every request runs as the unprivileged role.
const pool = openAppPool(appUrl);
const app = buildApp({ pool, config, metrics: new Metrics() });
const tlsServer = config.tlsPort ? startTlsServer(pool, config.tlsPort, app.log) : undefined;

const shutdown = async () => {
  tlsServer?.close();
  await app.close().catch(() => {});
  await pool.end().catch(() => {});
  await telemetry.shutdown().catch(() => {});
  process.exit(0);
};
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);

await app.listen({ port: config.port, host: '127.0.0.1' });
