import { afterAll, beforeAll, expect, test } from 'vitest';
import { criterion, type Exchange } from '../../../harness/grading/grader-kit.ts';
import { USERS } from './support/api-env.ts';
import { linkPath, walkPages } from './support/follow-links.ts';
import { expectProblem } from './support/problem-shape.ts';
import { createProducts, expectedOrder, type SeededProduct, tiedProducts } from './support/seed-products.ts';
import { login, type RunningApi, startApi } from './support/start-api.ts';

interface V1Page {
  readonly items?: { id: number; price: string }[];
  readonly total?: number;
  readonly limit?: number;
  readonly offset?: number;
  readonly next?: unknown;
  readonly prev?: unknown;
}
interface V2Page {
  readonly data?: { id: number; price_cents: number }[];
  readonly links?: { next?: unknown };
}

const v1 = (res: Exchange) => (res.json ?? {}) as V1Page;
const idsOf = (res: Exchange) => (v1(res).items ?? []).map((item) => item.id);
const MAIN = 45;
const BULK = 105;

criterion('R3', 'Pagination/filter/sort', () => {
  let run: RunningApi;
  let token: string;
  let main: SeededProduct[];

  beforeAll(async () => {
    run = await startApi('r3');
    token = (await login(run.api, USERS.editor)).access_token;
    // One at a time, so created_at follows id; the bulk rows only count for clamping.
    main = await createProducts(run.api, token, tiedProducts('r3-main', MAIN, 1), 1);
    await createProducts(run.api, token, tiedProducts('r3-bulk', BULK, 2), 8);
  });
  afterAll(() => run?.stop());

  const list = (query: string) => run.api.get(`/v1/products?${query}`, { token });

  test('defaults: limit 20, offset 0, total, and next/prev links that lead to the neighbouring pages', async () => {
    const first = await list('category=r3-main');
    expect(
      {
        status: first.status,
        limit: v1(first).limit,
        offset: v1(first).offset,
        total: v1(first).total,
        items: idsOf(first).length,
      },
      `${MAIN} products in category r3-main; the first page without limit/offset\n  ${first.shown}`,
    ).toEqual({ status: 200, limit: 20, offset: 0, total: MAIN, items: 20 });
    expect(v1(first).prev ?? null, `the first page has no prev link\n  ${first.shown}`).toBeNull();
    const nextPath = linkPath(v1(first).next, run.api.baseUrl);
    expect(nextPath, `the first page of ${MAIN} rows must have a next link\n  ${first.shown}`).toBeDefined();
    const second = await run.api.get(nextPath as string, { token });
    expect(v1(second).offset, `next of the first page must be offset 20\n  ${second.shown}`).toBe(20);
    const prevPath = linkPath(v1(second).prev, run.api.baseUrl);
    const back = prevPath ? await run.api.get(prevPath, { token }) : undefined;
    expect(back && idsOf(back), `prev of the second page must lead back to the first page\n  ${second.shown}`).toEqual(
      idsOf(first),
    );
  });

  test('out-of-range values are clamped: limit 1000 → 100, limit 0 or -5 → 1, offset -3 → 0', async () => {
    const cases: [string, { limit: number; offset: number; items: number }][] = [
      ['limit=1000', { limit: 100, offset: 0, items: 100 }],
      ['limit=0', { limit: 1, offset: 0, items: 1 }],
      ['limit=-5', { limit: 1, offset: 0, items: 1 }],
      ['limit=5&offset=-3', { limit: 5, offset: 0, items: 5 }],
    ];
    for (const [query, expected] of cases) {
      const res = await list(query);
      const body = v1(res);
      expect(
        { status: res.status, limit: body.limit, offset: body.offset, items: idsOf(res).length },
        `GET /v1/products?${query} with ${MAIN + BULK} products must clamp, not refuse\n  ${res.shown}`,
      ).toEqual({ status: 200, ...expected });
    }
  });

  test('garbage values and unknown sort fields get a 400 problem naming the parameter', async () => {
    const cases: [string, string][] = [
      ['limit=ten', 'limit'],
      ['offset=later', 'offset'],
      ['min_price=cheap', 'min_price'],
      ['sort=colour', 'sort'],
      ['sort=price,-weight', 'sort'],
    ];
    for (const [query, parameter] of cases) {
      const res = await list(query);
      expectProblem(`GET /v1/products?${query}`, res, [400, 422]);
      expect(res.text, `the problem must name the parameter "${parameter}"\n  ${res.shown}`).toContain(parameter);
    }
  });

  test('sort by name, price and created_at, ascending and descending, ties ordered by id', async () => {
    for (const sort of ['price', '-price', 'name', '-name,price', 'created_at', '-created_at', 'price,-name']) {
      const res = await list(`category=r3-main&limit=100&sort=${sort}`);
      expect(
        idsOf(res),
        `GET /v1/products?category=r3-main&limit=100&sort=${sort}: ids in the wrong order (equal keys must be ordered by ascending id)\n  ${res.shown}`,
      ).toEqual(expectedOrder(main, sort));
    }
  });

  test('filters category, min_price and max_price (inclusive) combine, and total counts the filtered rows', async () => {
    const res = await list('category=r3-main&min_price=5&max_price=7.5&sort=price&limit=100');
    const expected = expectedOrder(
      main.filter((p) => p.price >= 5 && p.price <= 7.5),
      'price',
    );
    expect(
      { ids: idsOf(res), total: v1(res).total },
      `category=r3-main&min_price=5&max_price=7.5 must return exactly the rows priced 5.00…7.50\n  ${res.shown}`,
    ).toEqual({ ids: expected, total: expected.length });
  });

  test('walking /v1 by next links returns every row once, in order', async () => {
    const pages = await walkPages(
      run.api,
      token,
      '/v1/products?category=r3-main&sort=-price&limit=7',
      (p) => v1(p).next,
      {
        maxPages: 20,
      },
    );
    expect(pages.flatMap(idsOf), `the ids of all pages of /v1/products?category=r3-main&sort=-price&limit=7`).toEqual(
      expectedOrder(main, '-price'),
    );
  });

  test('walking /v2 by next links while rows are inserted returns every original row exactly once, in order, no gaps', async () => {
    const walk = await createProducts(run.api, token, tiedProducts('r3-walk', 30, 3), 1);
    let inserted = 0;
    const pages = await walkPages(
      run.api,
      token,
      '/v2/products?category=r3-walk&sort=price&limit=6',
      (p) => (p.json as V2Page)?.links?.next,
      {
        maxPages: 40,
        // Cheaper rows land before the walker's position (offsets shift), dearer ones after it.
        between: async () => {
          await createProducts(run.api, token, [
            { name: `early-${inserted}`, category: 'r3-walk', price: 0.5 },
            { name: `late-${inserted}`, category: 'r3-walk', price: 50 },
          ]);
          inserted += 2;
        },
      },
    );
    const rows = pages.flatMap((p) => (p.json as V2Page)?.data ?? []);
    const seen = rows.map((r) => r.id);
    const duplicates = seen.filter((id, i) => seen.indexOf(id) !== i);
    const missing = walk.map((p) => p.id).filter((id) => !seen.includes(id));
    const outOfOrder = rows.filter((r, i) => {
      const prev = rows[i - 1];
      return (
        prev !== undefined &&
        (prev.price_cents > r.price_cents || (prev.price_cents === r.price_cents && prev.id > r.id))
      );
    });
    expect(
      { duplicates, missing, outOfOrder: outOfOrder.map((r) => r.id) },
      `walked /v2/products?category=r3-walk&sort=price&limit=6 by links.next over ${pages.length} pages while inserting ${inserted} rows (price 0.50 and 50.00); the 30 rows that existed at the start must each come exactly once, in (price_cents, id) order — use a keyset cursor, not an offset\n  first page: ${pages[0]?.shown}`,
    ).toEqual({ duplicates: [], missing: [], outOfOrder: [] });
  });
});
