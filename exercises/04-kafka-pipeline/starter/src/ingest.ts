/**
 * Starter for project 4: the ingest service. It starts and answers /healthz, and accepts nothing
 * yet. Build it piece by piece (see the TODOs and the README).
 */
import Fastify from 'fastify';
import { startTelemetry } from './telemetry.ts';

const telemetry = startTelemetry('kafka-pipeline-ingest');

// fastify's logger writes JSON lines (pino): keep it that way, never console.log text (C5).
const app = Fastify({ logger: true });

app.get('/healthz', async () => ({ status: 'ok' }));

// TODO(R1): validate the body with a zod schema (src/event.ts is a good home): 400 {error, issues:
// [{path, message}]} naming each bad field, unknown fields refused. Then publish with ONE kafkajs
// producer made at start-up: producer.send({ topic: TOPIC_EVENTS (default `${KAFKA_PREFIX}events`,
// create it with 6 partitions if missing), acks: -1, messages: [{ key: user_id, value: JSON }] })
// and answer 202 {event_id, partition, offset} from what the broker acknowledged.
// TODO(C5): a prom-client Counter of the events posted, served at GET /metrics, and a span around
// the publish (see src/telemetry.ts).
app.post('/events', async (_request, reply) => reply.code(501).send({ error: 'not implemented yet', issues: [] }));

process.once(
  'SIGTERM',
  () =>
    void app
      .close()
      .then(() => telemetry.shutdown())
      .finally(() => process.exit(0)),
);

await app.listen({ port: Number(process.env.PORT ?? 3000), host: '127.0.0.1' });
