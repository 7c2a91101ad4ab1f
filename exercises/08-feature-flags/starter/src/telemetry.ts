/** Tracing of the service: server.ts starts it first and shuts it down last. */
export interface Telemetry {
  /** Flushes the spans still queued and stops exporting; called before the process exits. */
  shutdown(): Promise<void>;
}

/**
 * TODO(C5): when OTEL_EXPORTER_OTLP_ENDPOINT is set, register a NodeTracerProvider
 * (@opentelemetry/sdk-trace-node) with a BatchSpanProcessor around an OTLPTraceExporter
 * (@opentelemetry/exporter-trace-otlp-http) sending to `${OTEL_EXPORTER_OTLP_ENDPOINT}/v1/traces`,
 * name the service after OTEL_SERVICE_NAME (@opentelemetry/resources), and return
 * `{ shutdown: () => provider.shutdown() }`. Then start a span around your key path, POST /evaluate
 * (`trace.getTracer('flags').startActiveSpan(...)` from @opentelemetry/api). Without the variable,
 * keep tracing off: the API's spans are then no-ops.
 */
export function startTelemetry(_env: NodeJS.ProcessEnv = process.env): Telemetry {
  return { shutdown: async () => {} };
}
