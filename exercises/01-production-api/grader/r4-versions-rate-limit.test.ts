import { afterAll, beforeAll, expect, test } from 'vitest';
import { criterion, type Exchange } from '../../../harness/grading/grader-kit.ts';
import { OTHER_VIEWER, USERS } from './support/api-env.ts';
import { expectProblem } from './support/problem-shape.ts';
import { login, type RunningApi, sleep, startApi } from './support/start-api.ts';

const RATE_LIMIT_MAX = 5;
const WINDOW_SECONDS = 3;

/** What is missing from a /v1 response's deprecation headers. */
function deprecationIssues(res: Exchange): string[] {
  const issues: string[] = [];
  if (!res.headers.get('deprecation')) issues.push('no Deprecation header');
  const sunset = res.headers.get('sunset');
  if (!sunset || Number.isNaN(Date.parse(sunset))) issues.push(`Sunset must be an HTTP date, got ${sunset ?? 'none'}`);
  const link = res.headers.get('link') ?? '';
  if (!/<[^>]*\/v2[^>]*>\s*;\s*rel="?successor-version"?/i.test(link)) {
    issues.push(`Link must point to /v2 with rel="successor-version", got ${link || 'none'}`);
  }
  return issues;
}

criterion('R4', 'Versioned API & rate limiting', () => {
  let run: RunningApi;
  let limited: RunningApi;

  beforeAll(async () => {
    [run, limited] = await Promise.all([
      startApi('r4'),
      startApi('r4_limited', {
        RATE_LIMIT_MAX: String(RATE_LIMIT_MAX),
        RATE_LIMIT_WINDOW_SECONDS: String(WINDOW_SECONDS),
      }),
    ]);
  });
  afterAll(() => Promise.all([run?.stop(), limited?.stop()]));

  test('/v1 lists {items, total, limit, offset, next, prev} with decimal price strings; /v2 {data, links} with integer price_cents', async () => {
    const token = (await login(run.api, USERS.editor)).access_token;
    const created = await run.api.post('/v1/products', { token, body: { name: 'mug', category: 'r4', price: 12.5 } });
    expect(created.status, `creating a product as the editor\n  ${created.shown}`).toBe(201);
    const one = await run.api.get('/v1/products?category=r4', { token });
    expect(
      one.json,
      `/v1 lists are {items, total, limit, offset, next, prev}, prices as decimal strings ("12.50")\n  ${one.shown}`,
    ).toMatchObject({
      items: [expect.objectContaining({ name: 'mug', price: '12.50' })],
      total: 1,
      limit: expect.any(Number),
      offset: 0,
      next: null,
      prev: null,
    });
    const two = await run.api.get('/v2/products?category=r4', { token });
    expect(two.json, `/v2 lists are {data, links}, prices as integer price_cents (1250)\n  ${two.shown}`).toMatchObject(
      {
        data: [expect.objectContaining({ name: 'mug', price_cents: 1250 })],
        links: expect.any(Object),
      },
    );
    const v2Item = (two.json as { data: Record<string, unknown>[] }).data[0] ?? {};
    expect(Object.keys(v2Item), `a /v2 item has price_cents, not the v1 decimal price\n  ${two.shown}`).not.toContain(
      'price',
    );
    expect(Object.keys(two.json as object), `/v2 has no v1 fields\n  ${two.shown}`).not.toContain('items');
  });

  test('every /v1 response carries Deprecation, Sunset and Link rel=successor-version; /v2 responses do not', async () => {
    const token = (await login(run.api, USERS.viewer)).access_token;
    const v1Responses = [
      await run.api.post('/v1/auth/login', {
        body: { username: USERS.viewer.username, password: USERS.viewer.password },
      }),
      await run.api.get('/v1/products', { token }),
      await run.api.get('/v1/me'),
      await run.api.get('/v1/no-such-route', { token }),
    ];
    const missing = v1Responses.flatMap((res) => deprecationIssues(res).map((issue) => `${issue}: ${res.shown}`));
    expect(missing, 'every /v1 response (success, 401, 404) must announce its deprecation:').toEqual([]);
    const v2 = await run.api.get('/v2/products', { token });
    expect(v2.headers.get('deprecation'), `/v2 is the successor: no Deprecation header\n  ${v2.shown}`).toBeNull();
  });

  test(`over RATE_LIMIT_MAX=${RATE_LIMIT_MAX} per ${WINDOW_SECONDS} s a user gets 429 + Retry-After; another user is served; after Retry-After the user is served again`, async () => {
    const first = (await login(limited.api, USERS.viewer)).access_token;
    const second = (await login(limited.api, OTHER_VIEWER)).access_token;
    const statuses: number[] = [];
    let refused: Exchange | undefined;
    for (let i = 0; i < RATE_LIMIT_MAX * 3 && !refused; i++) {
      const res = await limited.api.get('/v2/products', { token: first });
      statuses.push(res.status);
      if (res.status === 429) refused = res;
    }
    expect(
      statuses.slice(0, RATE_LIMIT_MAX),
      `the first ${RATE_LIMIT_MAX} requests of a user (RATE_LIMIT_MAX=${RATE_LIMIT_MAX}) must be served`,
    ).toEqual(Array(RATE_LIMIT_MAX).fill(200));
    expect(
      refused,
      `GET /v2/products as one user ${statuses.length} times in a row must meet a 429; statuses: ${statuses.join(' ')}`,
    ).toBeDefined();
    const res = refused as Exchange;
    expectProblem('the 429', res, 429);
    const retryAfter = res.headers.get('retry-after') ?? '';
    expect(
      /^\d+$/.test(retryAfter) && Number(retryAfter) >= 1 && Number(retryAfter) <= WINDOW_SECONDS,
      `429 must carry Retry-After in whole seconds, 1…${WINDOW_SECONDS} (RATE_LIMIT_WINDOW_SECONDS)\n  ${res.shown}\n  Retry-After: ${retryAfter || 'none'}`,
    ).toBe(true);

    const other = await limited.api.get('/v2/products', { token: second });
    expect(other.status, `another user must not be affected by the first user's limit\n  ${other.shown}`).toBe(200);

    await sleep(Number(retryAfter) * 1000 + 500);
    const again = await limited.api.get('/v2/products', { token: first });
    expect(
      again.status,
      `after waiting Retry-After (${retryAfter} s) the first user must be served again\n  ${again.shown}`,
    ).toBe(200);
  });
});
