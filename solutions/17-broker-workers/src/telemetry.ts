import { type Span, SpanStatusCode, type Tracer, trace } from '@opentelemetry/api';

/** Tracing of this process; `shutdown()` flushes the last batch of spans. */
export interface Telemetry {
  readonly tracer: Tracer;
  shutdown(): Promise<void>;
}

/**
 * Traces go to OTEL_EXPORTER_OTLP_ENDPOINT (OTLP/HTTP, `<endpoint>/v1/traces`) when it is set, and
 * nowhere otherwise: without a collector it costs nothing, not even loading the SDK (which is
 * imported only then: it adds seconds to start-up on a busy machine). The exporter reads the
 * standard OTEL_* variables itself (endpoint, headers, batch delay).
 */
export async function startTelemetry(serviceName: string): Promise<Telemetry> {
  if (!process.env.OTEL_EXPORTER_OTLP_ENDPOINT) {
    return { tracer: trace.getTracer(serviceName), shutdown: async () => {} };
  }
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
  return { tracer: provider.getTracer(serviceName), shutdown: () => provider.shutdown() };
}

/** Runs `work` inside a span named `name`; a thrown error marks the span failed and is rethrown. */
export async function inSpan<T>(tracer: Tracer, name: string, work: (span: Span) => Promise<T>): Promise<T> {
  return tracer.startActiveSpan(name, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      throw error;
    } finally {
      span.end();
    }
  });
}
