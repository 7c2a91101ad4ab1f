import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestApp, type TestApp } from './test-app.ts';

// TODO(B1): at least 10 tests through HTTP — login, refresh, role refusal, pagination, the error
//           schema — with coverage of src/auth* and src/pagination* of at least 80 % of lines.
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

test('GET /healthz answers 200', async () => {
  const res = await fetch(`${t.url}/healthz`);
  expect(res.status).toBe(200);
});
