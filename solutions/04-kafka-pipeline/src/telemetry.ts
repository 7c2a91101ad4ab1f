/**
 * Traces go to OTEL_EXPORTER_OTLP_ENDPOINT (OTLP/HTTP) when it is set, and nowhere otherwise — the
 * SDK is only loaded then, so a start without a collector stays fast. Spans are made where the work
 * is (ingest-app.ts: a span around each publish to Kafka) through the global tracer this registers; `shutdown()` flushes the last batch.
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
