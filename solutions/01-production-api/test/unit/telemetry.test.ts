import { SpanStatusCode, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import Fastify from 'fastify';
import { afterAll, describe, expect, test } from 'vitest';
import { registerRequestSpans, startTelemetry, withSpan } from '../../src/telemetry.ts';

describe('telemetry', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  trace.setGlobalTracerProvider(provider);
  afterAll(() => provider.shutdown());

  test('withSpan records a span with its attributes, and marks a failure as an error', async () => {
    expect(await withSpan('auth.login', { 'enduser.id': 'ann' }, async () => 42)).toBe(42);
    await expect(withSpan('auth.login', {}, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    const [ok, failed] = exporter.getFinishedSpans();
    expect(ok?.name).toBe('auth.login');
    expect(ok?.attributes['enduser.id']).toBe('ann');
    expect(failed?.status.code).toBe(SpanStatusCode.ERROR);
    expect(failed?.events.map((e) => e.name)).toContain('exception');
  });

  test('every request gets a server span named after its route, with its status', async () => {
    const app = Fastify();
    registerRequestSpans(app);
    app.get('/v1/products/:id', async () => ({ ok: true }));
    await app.inject({ method: 'GET', url: '/v1/products/7' });
    await app.close();
    const span = exporter.getFinishedSpans().find((s) => s.name === 'GET /v1/products/:id');
    expect(span?.attributes['http.response.status_code']).toBe(200);
  });

  test('without OTEL_EXPORTER_OTLP_ENDPOINT nothing is registered and shutdown is a no-op', async () => {
    await expect(startTelemetry({}).shutdown()).resolves.toBeUndefined();
  });
});
