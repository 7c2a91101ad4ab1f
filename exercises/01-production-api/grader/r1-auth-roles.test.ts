import { afterAll, beforeAll, expect, test } from 'vitest';
import { criterion, type RequestOptions } from '../../../harness/grading/grader-kit.ts';
import { type Role, USERS } from './support/api-env.ts';
import { forgedTokens } from './support/forge-tokens.ts';
import { login, type RunningApi, sleep, startApi, type TokenPair } from './support/start-api.ts';

/** Short, so the grader can wait it out; long enough for one batch of requests made right after a login. */
const ACCESS_TTL_SECONDS = 4;
const newProduct = (name: string) => ({ name, category: 'r1', price: 3.5 });

criterion('R1', 'Auth & roles (JWT/OAuth2)', () => {
  let run: RunningApi;

  beforeAll(async () => {
    run = await startApi('r1', { ACCESS_TOKEN_TTL_SECONDS: String(ACCESS_TTL_SECONDS) });
  });
  afterAll(() => run?.stop());

  /** A product the admin created, so each :id route has something real to act on. */
  const createProduct = async (name: string): Promise<number> => {
    const { access_token } = await login(run.api, USERS.admin);
    const res = await run.api.post('/v1/products', { token: access_token, body: newProduct(name) });
    const id = (res.json as { id?: unknown } | undefined)?.id;
    expect(
      res.status === 201 && typeof id === 'number',
      `the admin must be able to create a product\n  ${res.shown}`,
    ).toBe(true);
    return id as number;
  };

  test('POST /v1/auth/login answers a token pair for each seeded role, 401 for a wrong password or an unknown user', async () => {
    const pair = await run.api.post('/v1/auth/login', {
      body: { username: USERS.viewer.username, password: USERS.viewer.password },
    });
    expect(
      pair.json,
      `login of a seeded user must answer {access_token, refresh_token, token_type: "Bearer", expires_in}\n  ${pair.shown}`,
    ).toMatchObject({
      access_token: expect.any(String),
      refresh_token: expect.any(String),
      token_type: expect.stringMatching(/^bearer$/i),
      expires_in: expect.any(Number),
    });
    const wrong = await run.api.post('/v1/auth/login', {
      body: { username: USERS.viewer.username, password: `${USERS.viewer.password}-wrong` },
    });
    expect(wrong.status, `a wrong password must be refused with 401\n  ${wrong.shown}`).toBe(401);
    const unknown = await run.api.post('/v1/auth/login', { body: { username: 'nobody-here', password: 'x' } });
    expect(unknown.status, `an unknown user must be refused with 401\n  ${unknown.shown}`).toBe(401);
  });

  test('every /v1 and /v2 resource route answers 401 without a token and with a forged, tampered, alg=none or refresh token', async () => {
    const id = await createProduct('r1-target');
    const routes: [string, string, RequestOptions][] = [
      ['GET', '/v1/me', {}],
      ['GET', '/v1/products', {}],
      ['GET', `/v1/products/${id}`, {}],
      ['POST', '/v1/products', { body: newProduct('forged') }],
      ['PATCH', `/v1/products/${id}`, { body: { price: 1 } }],
      ['DELETE', `/v1/products/${id}`, {}],
      ['GET', '/v2/products', {}],
    ];
    const accepted: string[] = [];
    for (const [method, path, options] of routes) {
      // Forged from a token that has not expired yet: each must be refused for what was forged.
      const viewer = await login(run.api, USERS.viewer);
      const bad: Record<string, string | undefined> = {
        'no Authorization header': undefined,
        ...(await forgedTokens(viewer.access_token)),
        'a refresh token used as an access token': viewer.refresh_token,
      };
      for (const [kind, token] of Object.entries(bad)) {
        const res = await run.api.request(method, path, { ...options, ...(token === undefined ? {} : { token }) });
        if (res.status !== 401) accepted.push(`[${kind}] ${res.shown}`);
      }
    }
    expect(
      accepted,
      'these requests must be refused with 401 (the token was missing, signed with another secret, edited after signing, alg "none", or a refresh token); they were not:',
    ).toEqual([]);
  });

  test('role gates: viewer cannot create (403), editor creates and updates but cannot delete (403), admin deletes', async () => {
    const id = await createProduct('r1-gated');
    const checks: [Role, string, string, RequestOptions, number[]][] = [
      ['viewer', 'GET', `/v1/products/${id}`, {}, [200]],
      ['viewer', 'POST', '/v1/products', { body: newProduct('by-viewer') }, [403]],
      ['viewer', 'PATCH', `/v1/products/${id}`, { body: { price: 2 } }, [403]],
      ['viewer', 'DELETE', `/v1/products/${id}`, {}, [403]],
      ['editor', 'POST', '/v1/products', { body: newProduct('by-editor') }, [201]],
      ['editor', 'PATCH', `/v1/products/${id}`, { body: { price: 2 } }, [200]],
      ['editor', 'DELETE', `/v1/products/${id}`, {}, [403]],
      ['admin', 'DELETE', `/v1/products/${id}`, {}, [200, 204]],
      ['admin', 'GET', `/v1/products/${id}`, {}, [404]],
    ];
    const wrong: string[] = [];
    for (const [role, method, path, options, expected] of checks) {
      // A fresh login per check: the tokens live only ACCESS_TTL_SECONDS, however slow this machine is.
      const { access_token } = await login(run.api, USERS[role]);
      const res = await run.api.request(method, path, { ...options, token: access_token });
      if (!expected.includes(res.status)) wrong.push(`as ${role}, expected ${expected.join(' or ')}: ${res.shown}`);
    }
    expect(wrong, 'role-gated routes answered with the wrong status:').toEqual([]);
  });

  test(`an access token is refused after ACCESS_TOKEN_TTL_SECONDS=${ACCESS_TTL_SECONDS}; refresh rotates the pair and refuses a used refresh token`, async () => {
    const first = await login(run.api, USERS.viewer);
    const fresh = await run.api.get('/v1/me', { token: first.access_token });
    expect(fresh.status, `a token straight from login must work\n  ${fresh.shown}`).toBe(200);
    await sleep(ACCESS_TTL_SECONDS * 1000 + 1_500);
    const expired = await run.api.get('/v1/me', { token: first.access_token });
    expect(
      expired.status,
      `${ACCESS_TTL_SECONDS + 1.5} s after login (ACCESS_TOKEN_TTL_SECONDS=${ACCESS_TTL_SECONDS}) the access token must be refused with 401\n  ${expired.shown}`,
    ).toBe(401);

    const refreshed = await run.api.post('/v1/auth/refresh', { body: { refresh_token: first.refresh_token } });
    const second = refreshed.json as Partial<TokenPair> | undefined;
    expect(
      refreshed.status === 200 && typeof second?.access_token === 'string' && typeof second.refresh_token === 'string',
      `POST /v1/auth/refresh with the login's refresh token must answer 200 with a new pair\n  ${refreshed.shown}`,
    ).toBe(true);
    const me = await run.api.get('/v1/me', { token: String(second?.access_token) });
    expect(me.status, `the refreshed access token must work\n  ${me.shown}`).toBe(200);

    const reused = await run.api.post('/v1/auth/refresh', { body: { refresh_token: first.refresh_token } });
    expect(
      reused.status,
      `a refresh token that was already exchanged once must be refused with 401 (rotation: each works once)\n  ${reused.shown}`,
    ).toBe(401);
    const next = await run.api.post('/v1/auth/refresh', { body: { refresh_token: String(second?.refresh_token) } });
    expect(next.status, `the new refresh token must work once\n  ${next.shown}`).toBe(200);
  });
});
