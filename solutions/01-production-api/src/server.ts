import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import { openDb } from './db.ts';
import { startTelemetry } from './telemetry.ts';

/** Entry point of the contract: `node --import tsx src/server.ts`, ready when GET /healthz answers. */
const telemetry = startTelemetry();
const config = loadConfig();
const db = await openDb(config.databaseUrl, config.seedUsers);
const app = await buildApp(config, db);

const shutdown = async (signal: string) => {
  app.log.info({ signal }, 'shutting down');
  await app.close();
  await db.end();
  // Spans still queued in the batch processor are sent before the process ends.
  await telemetry.shutdown().catch(() => {});
};
process.once('SIGTERM', () => void shutdown('SIGTERM'));
process.once('SIGINT', () => void shutdown('SIGINT'));

await app.listen({ port: config.port, host: '0.0.0.0' });
