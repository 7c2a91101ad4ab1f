import { buildApp } from './app.ts';
import { readConfig } from './config.ts';
import { startTelemetry } from './telemetry.ts';

/** Entry point of the contract: `node --import tsx src/server.ts`, ready when GET /healthz answers. */
const telemetry = startTelemetry();
const config = readConfig();
const service = await buildApp(config);

const shutdown = async (signal: string) => {
  service.app.log.info({ signal }, 'shutting down');
  await service.close();
  await telemetry.shutdown().catch(() => {});
  process.exit(0);
};
process.once('SIGTERM', () => void shutdown('SIGTERM'));
process.once('SIGINT', () => void shutdown('SIGINT'));

await service.app.listen({ port: config.port, host: '127.0.0.1' });
