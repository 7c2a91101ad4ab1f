import { type Attributes, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** Tracing of the service; off (no-op spans) unless OTEL_EXPORTER_OTLP_ENDPOINT names a collector. */
export interface Telemetry {
  /** Flushes the spans still queued and stops exporting; call it before the process exits. */
  shutdown(): Promise<void>;
}

const TRACER_NAME = 'feature-flags';

/**
 * Registers a NodeTracerProvider that batches spans to `<OTEL_EXPORTER_OTLP_ENDPOINT>/v1/traces`
 * (OTLP/HTTP). Without the variable nothing is registered, so `withSpan` costs next to nothing.
 * The batch delay follows OTEL_BSP_SCHEDULE_DELAY, which the BatchSpanProcessor reads itself.
 */
export function startTelemetry(env: NodeJS.ProcessEnv = process.env): Telemetry {
  const endpoint = env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!endpoint) return { shutdown: async () => {} };
  const exporter = new OTLPTraceExporter({ url: `${endpoint.replace(/\/+$/, '')}/v1/traces` });
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': env.OTEL_SERVICE_NAME || TRACER_NAME }),
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  provider.register();
  return { shutdown: () => provider.shutdown() };
}

/** Runs `work` inside an active span named `name`; an exception marks the span as an error and is rethrown. */
export async function withSpan<T>(name: string, attributes: Attributes, work: () => Promise<T>): Promise<T> {
  return trace.getTracer(TRACER_NAME).startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await work();
    } catch (error) {
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  });
}

const requestSpans = new WeakMap<FastifyRequest, Span>();

/**
 * One server span per request, named after its route pattern: refused requests (401, 400) show up in
 * traces too, while the evaluation span (withSpan) covers the key path itself.
 */
export function registerRequestSpans(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    const route = request.routeOptions.url ?? 'unknown';
    requestSpans.set(
      request,
      trace.getTracer(TRACER_NAME).startSpan(`${request.method} ${route}`, {
        kind: SpanKind.SERVER,
        attributes: { 'http.request.method': request.method, 'http.route': route },
      }),
    );
  });
  app.addHook('onResponse', async (request, reply) => {
    const span = requestSpans.get(request);
    if (!span) return;
    span.setAttribute('http.response.status_code', reply.statusCode);
    if (reply.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  });
}
