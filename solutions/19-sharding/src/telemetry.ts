import { type Attributes, SpanStatusCode, trace } from '@opentelemetry/api';

/**
 * Traces go to OTEL_EXPORTER_OTLP_ENDPOINT (OTLP/HTTP) when it is set, and nowhere otherwise — the
 * SDK is only loaded then, so a start without a collector stays fast. Spans are made where the work
 * is (app.ts: one span per key operation, see withSpan) through the global tracer this registers;
 * `shutdown()` flushes the last batch.
 */
export async function startTelemetry(serviceName: string): Promise<{ shutdown(): Promise<void> }> {
  if (!process.env.OTEL_EXPORTER_OTLP_ENDPOINT) return { shutdown: async () => {} };
  const [{ OTLPTraceExporter }, { resourceFromAttributes }, { BatchSpanProcessor, NodeTracerProvider }] =
    await Promise.all([
      import('@opentelemetry/exporter-trace-otlp-http'),
      import('@opentelemetry/resources'),
      import('@opentelemetry/sdk-trace-node'),
    ]);
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': process.env.OTEL_SERVICE_NAME || serviceName }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  provider.register();
  return { shutdown: () => provider.shutdown() };
}

/**
 * Runs `fn` inside a span of the global tracer (a no-op tracer when telemetry is off); a thrown
 * error marks the span as failed and is rethrown.
 */
export function withSpan<T>(name: string, attributes: Attributes, fn: () => Promise<T>): Promise<T> {
  return trace.getTracer('sharded-kv').startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await fn();
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      throw error;
    } finally {
      span.end();
    }
  });
}
