/**
 * Tracing of the producer and the workers (common criterion C5: a trace reaches lab's OTLP receiver).
 *
 * TODO(C5): when OTEL_EXPORTER_OTLP_ENDPOINT is set, create a NodeTracerProvider
 * (@opentelemetry/sdk-trace-node) with a BatchSpanProcessor around an OTLPTraceExporter
 * (@opentelemetry/exporter-trace-otlp-http; it reads the endpoint and OTEL_SERVICE_NAME itself),
 * register it, and return its shutdown. In src/producer.ts, call startTelemetry() first and wrap
 * each publish — the key path — in a span (tracer.startActiveSpan); on SIGTERM, `await shutdown()`
 * to flush the last spans. Without the variable, trace nothing.
 *
 * The rest of C5: log JSON lines only (fastify's pino logger, never console.log text), and count
 * the confirms with a prom-client Counter that GET /metrics exposes.
 */
export interface Telemetry {
  shutdown(): Promise<void>;
}

export function startTelemetry(_serviceName: string): Telemetry {
  return { shutdown: async () => {} };
}
