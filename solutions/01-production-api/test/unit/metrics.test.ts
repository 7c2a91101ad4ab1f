import Fastify from 'fastify';
import { describe, expect, test } from 'vitest';
import { registerMetrics } from '../../src/metrics.ts';

describe('metrics', () => {
  test('http_requests_total counts responses by route pattern and status', async () => {
    const app = Fastify();
    registerMetrics(app);
    app.get('/v1/products/:id', async () => ({ ok: true }));
    await app.inject({ method: 'GET', url: '/v1/products/1' });
    await app.inject({ method: 'GET', url: '/v1/products/2' });
    const text = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    await app.close();
    expect(text).toContain('# TYPE http_requests_total counter');
    expect(text).toContain('http_requests_total{method="GET",route="/v1/products/:id",status_code="200"} 2');
  });
});
