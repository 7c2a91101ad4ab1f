/**
 * Tracing for one run of `lake` (common criterion C5: a trace reaches lab's OTLP receiver).
 *
 * TODO(C5): when OTEL_EXPORTER_OTLP_ENDPOINT is set, create a NodeTracerProvider
 * (@opentelemetry/sdk-trace-node) with a BatchSpanProcessor around an OTLPTraceExporter
 * (@opentelemetry/exporter-trace-otlp-http; it reads the endpoint and OTEL_SERVICE_NAME itself),
 * register it, and return its tracer. In src/lake.ts, call startTelemetry() first, run each command
 * inside a span (tracer.startActiveSpan('lake ingest', …)), and `await shutdown()` before the
 * process exits: a CLI that exits first loses its spans. Without the variable, trace nothing.
 *
 * The rest of C5: log JSON lines only (pino to stderr, never console.log text), and count your
 * commands with a prom-client Counter written to $METRICS_TEXTFILE (registry.metrics()) when set.
 */
export interface Telemetry {
  shutdown(): Promise<void>;
}

export function startTelemetry(_serviceName: string): Telemetry {
  return { shutdown: async () => {} };
}
