import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { criterion } from '../../../harness/grading/grader-kit.ts';
import { type OpenApiDoc, type Operation, operationsOf, resolveRef } from './support/openapi-walk.ts';
import { type RunningApi, startApi } from './support/start-api.ts';

/** The contract's operations; each must be documented. */
const CONTRACT = [
  'post /v1/auth/login',
  'post /v1/auth/refresh',
  'get /v1/me',
  'get /v1/products',
  'post /v1/products',
  'get /v1/products/{id}',
  'patch /v1/products/{id}',
  'delete /v1/products/{id}',
  'get /v2/products',
];
const PUBLIC = new Set(['post /v1/auth/login', 'post /v1/auth/refresh']);

const hasExample = (media: Record<string, unknown> | undefined, doc: OpenApiDoc): boolean => {
  if (!media) return false;
  if (media.example !== undefined || media.examples !== undefined) return true;
  const schema = resolveRef(doc, media.schema) as Record<string, unknown> | undefined;
  return schema?.example !== undefined || (Array.isArray(schema?.examples) && schema.examples.length > 0);
};

const isProblemSchema = (schema: unknown): boolean => {
  const props = (schema as { properties?: Record<string, unknown> } | undefined)?.properties ?? {};
  return ['type', 'title', 'status', 'detail'].every((field) => field in props);
};

criterion('B3', 'OpenAPI enhancements', () => {
  let run: RunningApi;
  let doc: OpenApiDoc;
  let operations: Operation[];

  beforeAll(async () => {
    run = await startApi('b3');
    const res = await run.api.get('/openapi.json');
    if (res.status !== 200 || !res.json)
      throw new Error(`GET /openapi.json must answer 200 with the document\n  ${res.shown}`);
    doc = res.json as OpenApiDoc;
    operations = operationsOf(doc);
  });
  afterAll(() => run?.stop());

  test('GET /openapi.json is a valid OpenAPI 3.x document (@apidevtools/swagger-parser) that documents every contract route with a tag', async () => {
    expect(String(doc.openapi), 'the document must declare openapi: 3.x').toMatch(/^3\./);
    let problem = '';
    await SwaggerParser.validate(structuredClone(doc) as never).catch((error: Error) => {
      problem = error.message;
    });
    expect(problem, 'swagger-parser validate() of your /openapi.json reported').toBe('');
    const documented = operations.map((o) => o.key);
    expect(documented, 'every route of the contract must be in the document').toEqual(expect.arrayContaining(CONTRACT));
    const untagged = operations.filter((o) => !Array.isArray(o.operation.tags) || o.operation.tags.length === 0);
    expect(
      untagged.map((o) => o.key),
      'operations without a tag:',
    ).toEqual([]);
  });

  test('each request body and each 2xx response with content has an example', () => {
    const missing: string[] = [];
    for (const { key, operation } of operations) {
      const body = resolveRef(doc, operation.requestBody) as
        | { content?: Record<string, Record<string, unknown>> }
        | undefined;
      if (body && !Object.values(body.content ?? {}).some((media) => hasExample(media, doc)))
        missing.push(`${key}: request body`);
      for (const [status, raw] of Object.entries(operation.responses ?? {})) {
        const response = resolveRef(doc, raw) as { content?: Record<string, Record<string, unknown>> } | undefined;
        if (!/^2/.test(status) || !response?.content || Object.keys(response.content).length === 0) continue;
        if (!Object.values(response.content).some((media) => hasExample(media, doc)))
          missing.push(`${key}: ${status} response`);
      }
    }
    expect(missing, 'no example (media example/examples, or schema example/examples) on:').toEqual([]);
  });

  test('4xx responses reference a shared problem schema, and protected routes declare the bearer scheme', () => {
    const problems: string[] = [];
    for (const { key, operation } of operations.filter((o) => CONTRACT.includes(o.key))) {
      const clientErrors = Object.entries(operation.responses ?? {}).filter(([status]) => /^4/.test(status));
      if (clientErrors.length === 0) problems.push(`${key}: documents no 4xx response`);
      for (const [status, raw] of clientErrors) {
        const response = resolveRef(doc, raw) as { content?: Record<string, { schema?: unknown }> } | undefined;
        const schemas = Object.values(response?.content ?? {}).map((media) => media.schema);
        const shared = schemas.some(
          (schema) =>
            typeof (schema as { $ref?: unknown })?.$ref === 'string' && isProblemSchema(resolveRef(doc, schema)),
        );
        if (!shared)
          problems.push(`${key}: ${status} does not $ref a components schema with type, title, status, detail`);
      }
    }
    expect(problems, 'error responses must reference one problem schema (components.schemas):').toEqual([]);

    const schemes = Object.entries(doc.components?.securitySchemes ?? {}).filter(
      ([, s]) =>
        (s as { type?: string; scheme?: string }).type === 'http' &&
        /^bearer$/i.test(String((s as { scheme?: string }).scheme)),
    );
    expect(schemes.length, 'components.securitySchemes must declare {type: http, scheme: bearer}').toBeGreaterThan(0);
    const names = new Set(schemes.map(([name]) => name));
    const unsecured = operations
      .filter((o) => CONTRACT.includes(o.key) && !PUBLIC.has(o.key))
      .filter(
        (o) => !(o.operation.security ?? doc.security ?? []).some((req) => Object.keys(req).some((n) => names.has(n))),
      )
      .map((o) => o.key);
    expect(unsecured, 'protected operations must require the bearer scheme (security):').toEqual([]);
  });

  test('GET /docs serves HTML with status 200', async () => {
    const res = await fetch(`${run.api.baseUrl}/docs`, { signal: AbortSignal.timeout(15_000) });
    const text = await res.text();
    expect(
      { status: res.status, html: /text\/html/.test(res.headers.get('content-type') ?? '') && /<html/i.test(text) },
      `GET /docs (redirects followed) → ${res.status} ${res.headers.get('content-type')} ${text.slice(0, 120)}`,
    ).toEqual({ status: 200, html: true });
  });
});
