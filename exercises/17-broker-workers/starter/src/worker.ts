/**
 * Starter for project 17: a worker (the contract's `worker` command; several run at once, each with
 * its own PORT and WORKER_ID). It starts and answers GET /healthz, and consumes nothing yet.
 */
import Fastify from 'fastify';

// TODO(R2): connect to RABBITMQ_URL, declare the same topology as the producer, channel.prefetch(PREFETCH),
// consume `${QUEUE_PREFIX}tasks` with { noAck: false } and handle up to PREFETCH messages at once.
// For each task: POST ${SINK_URL}/attempts {taskId, attempt, workerId: WORKER_ID}, then do the work
// (`work`: wait durationMs; `flaky`: fail the first failTimes attempts), then POST ${SINK_URL}/effects
// {taskId, workerId}, and only then ack. Reconnect by yourself after a broker restart.
// TODO(R3): poison (not JSON, unknown kind, missing id) and tasks failing more than MAX_RETRIES times
// go to `${QUEUE_PREFIX}tasks.dlq` with headers x-error-reason, x-original-queue and x-attempts — never requeued.
// TODO(R4): deduplicate by task id in Redis (REDIS_URL, keys under KEY_PREFIX) so that duplicates and
// redeliveries never repeat an effect.
// TODO(B2): retry through `${QUEUE_PREFIX}tasks.retry.<ms>` queues (RETRY_DELAYS_MS), not in-process sleeps.
const app = Fastify({ logger: true });

// TODO(R2): answer 200 only once the consumer is registered (503 before); add GET /metrics.
app.get('/healthz', async () => ({ ok: true, workerId: process.env.WORKER_ID }));

process.once('SIGTERM', () => void app.close().finally(() => process.exit(0)));

await app.listen({ port: Number(process.env.PORT ?? 3001), host: '127.0.0.1' });
