import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestApp, TEST_USERS, type TestApp } from './test-app.ts';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('auth', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  test('login returns an access and a refresh token', async () => {
    const pair = await t.login('viewer');
    expect(pair).toMatchObject({ access_token: expect.any(String), refresh_token: expect.any(String) });
    expect((await t.request('GET', '/v1/me', { token: pair.access_token })).body).toEqual({
      username: TEST_USERS.viewer.username,
      role: 'viewer',
    });
  });

  test('login with a wrong password is 401', async () => {
    const res = await t.request('POST', '/v1/auth/login', { body: { username: 'e2e-viewer', password: 'nope' } });
    expect(res.status).toBe(401);
  });

  test('a missing token is 401', async () => {
    expect((await t.request('GET', '/v1/products')).status).toBe(401);
  });

  test('alg none, another secret and an expired token are 401', async () => {
    const claims = { sub: '1', username: 'e2e-admin', role: 'admin', typ: 'access' };
    const none = `${b64({ alg: 'none' })}.${b64(claims)}.`;
    const foreign = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode('x'));
    const expired = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime(Math.floor(Date.now() / 1000) - 10)
      .sign(new TextEncoder().encode(t.config.jwtSecret));
    for (const token of [none, foreign, expired]) {
      expect((await t.request('GET', '/v1/me', { token })).status).toBe(401);
    }
  });

  test('role refusal: a viewer cannot create (403), an editor cannot delete (403)', async () => {
    const viewer = await t.login('viewer');
    const editor = await t.login('editor');
    const body = { name: 'cup', category: 'auth-e2e', price: 1 };
    expect((await t.request('POST', '/v1/products', { token: viewer.access_token, body })).status).toBe(403);
    const created = await t.request('POST', '/v1/products', { token: editor.access_token, body });
    expect(created.status).toBe(201);
    expect((await t.request('DELETE', `/v1/products/${created.body.id}`, { token: editor.access_token })).status).toBe(
      403,
    );
    const admin = await t.login('admin');
    expect((await t.request('DELETE', `/v1/products/${created.body.id}`, { token: admin.access_token })).status).toBe(
      204,
    );
  });

  test('refresh rotates the pair and refuses a refresh token used twice', async () => {
    const first = await t.login('editor');
    const second = await t.request('POST', '/v1/auth/refresh', { body: { refresh_token: first.refresh_token } });
    expect(second.status).toBe(200);
    expect((await t.request('GET', '/v1/me', { token: second.body.access_token })).status).toBe(200);
    const again = await t.request('POST', '/v1/auth/refresh', { body: { refresh_token: first.refresh_token } });
    expect(again.status).toBe(401);
    const asAccess = await t.request('GET', '/v1/me', { token: first.refresh_token });
    expect(asAccess.status).toBe(401);
  });

  test('an access token used as a refresh token is refused', async () => {
    const pair = await t.login('viewer');
    const res = await t.request('POST', '/v1/auth/refresh', { body: { refresh_token: pair.access_token } });
    expect(res.status).toBe(401);
  });
});
