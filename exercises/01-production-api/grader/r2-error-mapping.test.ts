import { afterAll, beforeAll, expect, test } from 'vitest';
import { criterion, type Exchange } from '../../../harness/grading/grader-kit.ts';
import { USERS } from './support/api-env.ts';
import { expectProblem } from './support/problem-shape.ts';
import { login, type RunningApi, startApi } from './support/start-api.ts';

interface FieldError {
  readonly path?: unknown;
  readonly message?: unknown;
}

const fieldErrors = (res: Exchange): FieldError[] => {
  const errors = (res.json as { errors?: unknown } | undefined)?.errors;
  return Array.isArray(errors) ? (errors as FieldError[]) : [];
};

criterion('R2', 'Validation & error mapping', () => {
  let run: RunningApi;
  let token: string;

  beforeAll(async () => {
    run = await startApi('r2');
    token = (await login(run.api, USERS.editor)).access_token;
  });
  afterAll(() => run?.stop());

  test('unknown routes answer 404 problem+json', async () => {
    for (const path of ['/v1/no-such-route', '/no-such-route', '/v2/products/nope/deeper']) {
      expectProblem('an unknown route', await run.api.get(path, { token }), 404);
    }
    expectProblem('a product that does not exist', await run.api.get('/v1/products/987654321', { token }), 404);
  });

  test('malformed JSON answers 400 and a wrong Content-Type 415, both problem+json', async () => {
    const malformed = await run.api.post('/v1/products', { token, rawBody: '{"name": "cup", "price": ' });
    expectProblem('a body that is not valid JSON (Content-Type: application/json)', malformed, 400);
    const text = await run.api.post('/v1/products', { token, rawBody: 'name=cup', contentType: 'text/plain' });
    expectProblem('a text/plain body on a JSON route', text, 415);
    const xml = await run.api.post('/v1/products', { token, rawBody: '<product/>', contentType: 'application/xml' });
    expectProblem('an application/xml body on a JSON route', xml, 415);
  });

  test('validation failures list every failing field with a JSON-pointer path and a message', async () => {
    const res = await run.api.post('/v1/products', {
      token,
      body: { name: '', price: -1, tags: ['fine', ''] },
    });
    expectProblem('a product with four invalid fields', res, [400, 422]);
    const errors = fieldErrors(res);
    const paths = errors.map((e) => e.path);
    expect(
      paths,
      `sent {name: "", price: -1, tags: ["fine", ""]} without category: errors[] must name each field by JSON pointer (/name, /price, /tags/1 and the missing /category)\n  ${res.shown}`,
    ).toEqual(expect.arrayContaining(['/name', '/price', '/tags/1', '/category']));
    const unexplained = errors.filter((e) => typeof e.message !== 'string' || e.message === '');
    expect(unexplained, `every entry of errors[] needs a message\n  ${res.shown}`).toEqual([]);

    const query = await run.api.get('/v1/products?limit=lots', { token });
    expectProblem('GET /v1/products?limit=lots', query, [400, 422]);
  });

  test('401 and 403 are problem+json too', async () => {
    expectProblem('a request without a token', await run.api.get('/v1/products'), 401);
    const viewer = (await login(run.api, USERS.viewer)).access_token;
    const forbidden = await run.api.post('/v1/products', {
      token: viewer,
      body: { name: 'cup', category: 'r2', price: 1 },
    });
    expectProblem('a viewer creating a product', forbidden, 403);
  });

  test('GET /v1/debug/fail (a query on a missing table) answers 500 problem+json without stack trace or SQL', async () => {
    const res = await run.api.get('/v1/debug/fail', { token });
    expectProblem('the documented failing route', res, 500);
    const leaks = [
      /\n\s+at /,
      /\.(ts|js):\d+/,
      /node_modules/,
      /table_that_does_not_exist/i,
      /\bSELECT\b/i,
      /relation "/i,
    ].filter((pattern) => pattern.test(res.text));
    expect(
      leaks.map(String),
      `a 500 must not show its cause to the client (log it instead); the body matched these leak patterns\n  ${res.shown}`,
    ).toEqual([]);
  });
});
