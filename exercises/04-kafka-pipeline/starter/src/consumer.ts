/**
 * Starter for project 4: the sink consumer. It starts and answers /healthz, and consumes nothing
 * yet. Build it piece by piece (see the TODOs and the README).
 */
import Fastify from 'fastify';

const app = Fastify({ logger: true });

app.get('/healthz', async () => ({ status: 'ok' }));

// TODO(R2): a kafkajs consumer in group CONSUMER_GROUP (default `${KAFKA_PREFIX}sink`) on TOPIC_EVENTS,
// with a short sessionTimeout (~10 s) so a killed member's partitions move quickly. Commit an offset
// only after its sink write succeeded (eachBatch + resolveOffset + commitOffsetsIfNecessary). A
// database failure is transient: back off and retry, heartbeat meanwhile, never crash. A message that
// is not JSON or fails the schema is poison: retry it MAX_RETRIES times, waiting RETRY_BASE_MS ×
// 2^(n-1) before retry n, then send it to TOPIC_DLQ with the x-error-reason, x-attempts and
// x-original-* headers of the README.
// TODO(R3): the transform (amount → amount_cents without floats, currency upper-cased, event_date =
// UTC date of occurred_at, kafka_partition/kafka_offset) and INSERT … ON CONFLICT (event_id) into the
// `events` table of DATABASE_URL, created at start-up.
// TODO(R4): GET /metrics with pipeline_events_processed_total, pipeline_events_retried_total,
// pipeline_events_dead_lettered_total and pipeline_consumer_lag{partition} (prom-client).
// TODO(B2): event_windows and late_events with a watermark and ALLOWED_LATENESS_SECONDS.

process.once('SIGTERM', () => void app.close().finally(() => process.exit(0)));

await app.listen({ port: Number(process.env.PORT ?? 3001), host: '127.0.0.1' });
