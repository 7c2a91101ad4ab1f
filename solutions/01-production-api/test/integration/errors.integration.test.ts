import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestApp, type TestApp } from './test-app.ts';

const problem = {
  type: expect.any(String),
  title: expect.any(String),
  detail: expect.any(String),
  request_id: expect.any(String),
};

describe('error schema', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await startTestApp();
    token = (await t.login('editor')).access_token;
  });
  afterAll(() => t?.close());

  test('unknown route: 404 problem+json', async () => {
    const res = await t.request('GET', '/v1/nothing-here', { token });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ ...problem, status: 404 });
  });

  test('malformed JSON: 400 problem, wrong content type: 415 problem', async () => {
    const malformed = await t.request('POST', '/v1/products', { token, raw: '{"name":' });
    expect(malformed.body).toMatchObject({ ...problem, status: 400 });
    const text = await t.request('POST', '/v1/products', { token, raw: 'x', type: 'text/plain' });
    expect(text.body).toMatchObject({ ...problem, status: 415 });
  });

  test('validation error lists JSON pointer paths', async () => {
    const res = await t.request('POST', '/v1/products', { token, body: { name: '', price: -1, tags: ['a', ''] } });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      '/category',
      '/name',
      '/price',
      '/tags/1',
    ]);
  });

  test('a 500 hides its cause', async () => {
    const res = await t.request('GET', '/v1/debug/fail', { token });
    expect(res.body).toMatchObject({ ...problem, status: 500 });
    expect(JSON.stringify(res.body)).not.toMatch(/table_that_does_not_exist|\n\s+at /);
  });

  test('v1 responses are deprecated, v2 responses are not', async () => {
    const v1 = await t.request('GET', '/v1/products', { token });
    expect(v1.headers.get('link')).toContain('successor-version');
    const v2 = await t.request('GET', '/v2/products', { token });
    expect(v2.headers.get('deprecation')).toBeNull();
  });

  test('the OpenAPI document is valid', async () => {
    const res = await t.request('GET', '/openapi.json');
    await expect(SwaggerParser.validate(res.body)).resolves.toBeTruthy();
  });
});
