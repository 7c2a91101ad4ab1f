import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import { openDb } from './db.ts';
import { startTelemetry } from './telemetry.ts';

/** Entry point of the contract: `node --import tsx src/server.ts`, ready when GET /healthz answers. */
const telemetry = startTelemetry();
const config = loadConfig();
const db = await openDb(config.databaseUrl, config.seedUsers);
const app = await buildApp(config, db);

const shutdown = async () => {
  await app.close();
  await db.end();
  await telemetry.shutdown();
};
process.once('SIGTERM', () => void shutdown());
process.once('SIGINT', () => void shutdown());

await app.listen({ port: config.port, host: '0.0.0.0' });
