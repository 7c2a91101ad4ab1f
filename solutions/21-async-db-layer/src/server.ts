import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import { startTelemetry } from './telemetry.ts';

// First, so the tracer is registered before any request is served.
const telemetry = await startTelemetry('async-db-layer');
const config = loadConfig();
const app = await buildApp(config);
await app.listen({ port: config.port, host: '127.0.0.1' });

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    app.log.info({ signal }, 'shutting down');
    void app
      .close()
      .then(() => telemetry.shutdown())
      .catch(() => {})
      .finally(() => process.exit(0));
  });
}
