import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestApp, type TestApp } from './test-app.ts';

describe('pagination (e2e)', () => {
  let t: TestApp;
  let token: string;
  const category = `page-e2e-${Date.now()}`;
  beforeAll(async () => {
    t = await startTestApp();
    token = (await t.login('editor')).access_token;
    for (let i = 0; i < 25; i++) {
      await t.request('POST', '/v1/products', { token, body: { name: `p${i % 3}`, category, price: (i % 4) + 1 } });
    }
  });
  afterAll(() => t?.close());

  test('v1 pages carry total and next/prev links', async () => {
    const first = await t.request('GET', `/v1/products?category=${category}&limit=10`, { token });
    expect(first.body).toMatchObject({ total: 25, limit: 10, offset: 0, prev: null });
    const second = await t.request('GET', first.body.next, { token });
    expect(second.body.offset).toBe(10);
    expect(second.body.prev).toContain('offset=0');
  });

  test('v1 clamps limit and refuses garbage', async () => {
    const big = await t.request('GET', `/v1/products?category=${category}&limit=1000&offset=-5`, { token });
    expect(big.body).toMatchObject({ limit: 100, offset: 0 });
    const garbage = await t.request('GET', '/v1/products?limit=abc', { token });
    expect(garbage.status).toBe(400);
    const unknown = await t.request('GET', '/v1/products?sort=weight', { token });
    expect(unknown.body.errors[0].path).toBe('/sort');
  });

  test('equal prices are ordered by id, in both directions', async () => {
    for (const sort of ['price', '-price']) {
      const res = await t.request('GET', `/v1/products?category=${category}&limit=100&sort=${sort}`, { token });
      const items: { id: number; price: string }[] = res.body.items;
      const sign = sort.startsWith('-') ? -1 : 1;
      const sorted = [...items].sort((a, b) => sign * (Number(a.price) - Number(b.price)) || a.id - b.id);
      expect(items.map((i) => i.id)).toEqual(sorted.map((i) => i.id));
    }
  });

  test('v2 cursor walk returns every row once while rows are inserted', async () => {
    const seen: number[] = [];
    let path: string | null = `/v2/products?category=${category}&sort=-price,name&limit=4`;
    while (path) {
      const res = await t.request('GET', path, { token });
      seen.push(...res.body.data.map((row: { id: number }) => row.id));
      await t.request('POST', '/v1/products', { token, body: { name: 'late', category, price: 99 } });
      path = res.body.links.next;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(25);
  });

  test('v2 filters by price range and serves cents', async () => {
    const res = await t.request('GET', `/v2/products?category=${category}&min_price=2&max_price=3&sort=created_at`, {
      token,
    });
    expect(res.body.data.length).toBeGreaterThan(0);
    for (const row of res.body.data) expect(row.price_cents).toBeGreaterThanOrEqual(200);
    const bad = await t.request('GET', `/v2/products?cursor=nonsense`, { token });
    expect(bad.status).toBe(400);
  });
});
