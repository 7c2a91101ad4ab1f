import { SpanStatusCode, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { afterAll, describe, expect, test } from 'vitest';
import { startTelemetry, withSpan } from '../../src/telemetry.ts';

describe('telemetry', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  trace.setGlobalTracerProvider(provider);
  afterAll(() => provider.shutdown());

  test('withSpan records a span with its attributes, and marks a failure as an error', async () => {
    expect(await withSpan('evaluate flag', { 'flag.key': 'checkout' }, async () => 42)).toBe(42);
    await expect(withSpan('evaluate flag', {}, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    const [ok, failed] = exporter.getFinishedSpans();
    expect(ok?.name).toBe('evaluate flag');
    expect(ok?.attributes['flag.key']).toBe('checkout');
    expect(failed?.status.code).toBe(SpanStatusCode.ERROR);
    expect(failed?.events.map((e) => e.name)).toContain('exception');
  });

  test('without OTEL_EXPORTER_OTLP_ENDPOINT nothing is registered and shutdown is a no-op', async () => {
    await expect(startTelemetry({}).shutdown()).resolves.toBeUndefined();
  });
});
