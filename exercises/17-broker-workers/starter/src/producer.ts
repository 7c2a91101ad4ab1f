/**
 * Starter for project 17: the producer. It starts, answers GET /healthz and checks a task's shape,
 * and publishes nothing yet — every criterion fails until you build it (see the TODOs and the README).
 */
import Fastify from 'fastify';
import { parseTask } from './parse-task.ts';
import { startTelemetry } from './telemetry.ts';

const telemetry = startTelemetry('broker-producer');

// TODO(R1): connect to RABBITMQ_URL (amqplib), declare the durable topology — exchange and queue
// `${QUEUE_PREFIX}tasks`, DLQ `${QUEUE_PREFIX}tasks.dlq` — and come back by yourself after a broker
// restart (reconnect and declare again). GET /healthz should answer 200 only once connected.
const app = Fastify({ logger: true });

app.get('/healthz', async () => ({ ok: true }));

// TODO(R1): publish on a confirm channel with { persistent: true, messageId }, answer
// 202 {id, confirmed: true} only after the broker's confirm, 503 after PUBLISH_TIMEOUT_MS without one,
// and count the confirms in a prom-client Counter `producer_confirms_total` at GET /metrics.
// TODO(B1): publish with `priority`; route tasks with `delayMs` through a TTL queue per delay.
app.post('/tasks', async (request, reply) => {
  const task = parseTask(request.body);
  if (!task) return reply.code(400).send({ error: 'a task is {id, kind: "work" | "flaky", …}' });
  return reply.code(501).send({ error: 'publishing is not implemented yet (TODO(R1))' });
});

// TODO(R1): POST /tasks/batch with an array of tasks → 202 {confirmed: n} once every one is confirmed.

// TODO(B3): GET /stats from the management API (RABBITMQ_MANAGEMENT_URL), the same figures as gauges
// at GET /metrics, and GET /dashboard, an HTML page that shows them.

process.once(
  'SIGTERM',
  () =>
    void app
      .close()
      .then(() => telemetry.shutdown())
      .finally(() => process.exit(0)),
);

await app.listen({ port: Number(process.env.PORT ?? 3000), host: '127.0.0.1' });
