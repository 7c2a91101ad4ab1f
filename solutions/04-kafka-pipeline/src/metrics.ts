import client from 'prom-client';

/** Every metric of this process, in one registry served at GET /metrics. */
export const registry = new client.Registry();

export const eventsIngested = new client.Counter({
  name: 'pipeline_events_ingested_total',
  help: 'Events answered by POST /events, by outcome (accepted, invalid, failed)',
  labelNames: ['outcome'],
  registers: [registry],
});

export const eventsProcessed = new client.Counter({
  name: 'pipeline_events_processed_total',
  help: 'Valid events written to the sink by this consumer (redeliveries included)',
  registers: [registry],
});

export const eventsRetried = new client.Counter({
  name: 'pipeline_events_retried_total',
  help: 'Retries of events that failed to process (one per retry of one event)',
  registers: [registry],
});

export const eventsDeadLettered = new client.Counter({
  name: 'pipeline_events_dead_lettered_total',
  help: 'Events sent to the dead-letter topic after MAX_RETRIES retries',
  registers: [registry],
});

export const sinkRetries = new client.Counter({
  name: 'pipeline_sink_retries_total',
  help: 'Sink writes retried because the database was unreachable',
  registers: [registry],
});

export const lateEvents = new client.Counter({
  name: 'pipeline_late_events_total',
  help: 'Events that arrived behind the watermark and were written to late_events only',
  registers: [registry],
});

export const transactionsCommitted = new client.Counter({
  name: 'pipeline_transactions_committed_total',
  help: 'Kafka transactions committed by the processor',
  registers: [registry],
});
