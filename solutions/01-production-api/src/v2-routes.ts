import type { FastifyInstance } from 'fastify';
import { ALL_ROLES } from './auth.ts';
import { notFound } from './error-handler.ts';
import { clampLimit, cursorValues, decodeCursor, encodeCursor, parseSort } from './pagination.ts';
import { link, toCents, toV2 } from './products-format.ts';
import type { ProductsRepo } from './products-repo.ts';
import { listQueryV2, productV2, protectedErrors } from './schemas.ts';

interface ListQuery {
  limit?: number;
  cursor?: string;
  sort?: string;
  category?: string;
  min_price?: number;
  max_price?: number;
}

const listV2 = {
  type: 'object',
  required: ['data', 'links'],
  properties: {
    data: { type: 'array', items: productV2 },
    links: {
      type: 'object',
      required: ['self', 'next'],
      properties: { self: { type: 'string' }, next: { type: ['string', 'null'] } },
    },
  },
  examples: [
    {
      data: productV2.examples,
      links: {
        self: '/v2/products?limit=20',
        next: '/v2/products?limit=20&cursor=eyJzb3J0IjoiIiwidmFsdWVzIjpbXSwiaWQiOjQyfQ',
      },
    },
  ],
} as const;

/** v2: keyset (cursor) paging, so rows inserted while a client walks the list never shift a page. */
export function v2Routes(repo: ProductsRepo) {
  return async (app: FastifyInstance) => {
    app.setNotFoundHandler(notFound);
    app.get<{ Querystring: ListQuery }>(
      '/products',
      {
        config: { roles: ALL_ROLES },
        schema: {
          tags: ['products v2'],
          summary: 'List products (cursor paging, integer cents)',
          security: [{ bearerAuth: [] }],
          querystring: listQueryV2,
          response: { 200: listV2, ...protectedErrors },
        },
      },
      async (request) => {
        const q = request.query;
        const sortKeys = parseSort(q.sort);
        const sort = q.sort ?? '';
        const limit = clampLimit(q.limit);
        const cursor = q.cursor === undefined ? undefined : decodeCursor(q.cursor, sort);
        const filters = { category: q.category, minCents: toCents(q.min_price), maxCents: toCents(q.max_price) };
        const rows = await repo.after(filters, sortKeys, limit + 1, cursor);
        const page = rows.slice(0, limit);
        const last = page.at(-1);
        const params = { limit, sort: q.sort, category: q.category, min_price: q.min_price, max_price: q.max_price };
        const next =
          rows.length > limit && last
            ? encodeCursor({ sort, values: cursorValues(sortKeys, last), id: last.id })
            : undefined;
        return {
          data: page.map(toV2),
          links: {
            self: link('/v2/products', { ...params, cursor: q.cursor }),
            next: next ? link('/v2/products', { ...params, cursor: next }) : null,
          },
        };
      },
    );
  };
}
