import type { FastifyInstance } from 'fastify';
import { ALL_ROLES } from './auth.ts';
import { notFound } from './error-handler.ts';
import { clampLimit, clampOffset, parseSort } from './pagination.ts';
import { HttpProblem } from './problem.ts';
import { link, toCents, toV1 } from './products-format.ts';
import type { ProductsRepo } from './products-repo.ts';
import {
  createProductBody,
  idParams,
  listQueryV1,
  patchProductBody,
  problemRef,
  productV1,
  protectedErrors,
} from './schemas.ts';

/** v1 is deprecated in favour of v2: every response says so, errors and 404s included. */
export const SUNSET = 'Wed, 31 Dec 2027 23:59:59 GMT';
const DEPRECATED_SINCE = '@1767225600'; // RFC 9745: 2026-01-01T00:00:00Z

interface ListQuery {
  limit?: number;
  offset?: number;
  sort?: string;
  category?: string;
  min_price?: number;
  max_price?: number;
}
interface ProductBody {
  name?: string;
  category?: string;
  price?: number;
  tags?: string[];
}

const security = [{ bearerAuth: [] }];
const listV1 = {
  type: 'object',
  required: ['items', 'total', 'limit', 'offset', 'next', 'prev'],
  properties: {
    items: { type: 'array', items: productV1 },
    total: { type: 'integer' },
    limit: { type: 'integer' },
    offset: { type: 'integer' },
    next: { type: ['string', 'null'] },
    prev: { type: ['string', 'null'] },
  },
  examples: [
    {
      items: productV1.examples,
      total: 41,
      limit: 20,
      offset: 20,
      next: '/v1/products?limit=20&offset=40',
      prev: '/v1/products?limit=20&offset=0',
    },
  ],
} as const;

/** Registered on the whole /v1 prefix: every v1 response says it is deprecated, 404s and errors included. */
export async function deprecateV1(app: FastifyInstance): Promise<void> {
  app.addHook('onSend', async (_request, reply) => {
    reply.header('deprecation', DEPRECATED_SINCE);
    reply.header('sunset', SUNSET);
    reply.header('link', '</v2/products>; rel="successor-version"');
  });
  app.setNotFoundHandler(notFound);
}

export function v1Routes(repo: ProductsRepo) {
  return async (app: FastifyInstance) => {
    app.get<{ Querystring: ListQuery }>(
      '/products',
      {
        config: { roles: ALL_ROLES },
        schema: {
          tags: ['products v1'],
          summary: 'List products (offset paging)',
          security,
          querystring: listQueryV1,
          response: { 200: listV1, ...protectedErrors },
        },
      },
      async (request) => {
        const q = request.query;
        const sortKeys = parseSort(q.sort);
        const limit = clampLimit(q.limit);
        const offset = clampOffset(q.offset);
        const filters = { category: q.category, minCents: toCents(q.min_price), maxCents: toCents(q.max_price) };
        const { rows, total } = await repo.page(filters, sortKeys, limit, offset);
        const at = (o: number) =>
          link('/v1/products', {
            limit,
            offset: o,
            sort: q.sort,
            category: q.category,
            min_price: q.min_price,
            max_price: q.max_price,
          });
        return {
          items: rows.map(toV1),
          total,
          limit,
          offset,
          next: offset + limit < total ? at(offset + limit) : null,
          prev: offset > 0 ? at(Math.max(0, offset - limit)) : null,
        };
      },
    );

    app.get<{ Params: { id: number } }>(
      '/products/:id',
      {
        config: { roles: ALL_ROLES },
        schema: {
          tags: ['products v1'],
          summary: 'One product',
          security,
          params: idParams,
          response: { 200: productV1, 404: problemRef, ...protectedErrors },
        },
      },
      async (request) => toV1(await found(repo.get(request.params.id), request.params.id)),
    );

    app.post<{ Body: Required<Omit<ProductBody, 'tags'>> & ProductBody }>(
      '/products',
      {
        config: { roles: ['admin', 'editor'] },
        schema: {
          tags: ['products v1'],
          summary: 'Create a product (editor, admin)',
          security,
          body: createProductBody,
          response: { 201: productV1, 415: problemRef, ...protectedErrors },
        },
      },
      async (request, reply) => {
        const { name, category, price, tags } = request.body;
        const row = await repo.create({ name, category, priceCents: toCents(price) ?? 0, tags: tags ?? [] });
        return reply.code(201).send(toV1(row));
      },
    );

    app.patch<{ Params: { id: number }; Body: ProductBody }>(
      '/products/:id',
      {
        config: { roles: ['admin', 'editor'] },
        schema: {
          tags: ['products v1'],
          summary: 'Update a product (editor, admin)',
          security,
          params: idParams,
          body: patchProductBody,
          response: { 200: productV1, 404: problemRef, 415: problemRef, ...protectedErrors },
        },
      },
      async (request) => {
        const { name, category, price, tags } = request.body;
        const row = repo.update(request.params.id, { name, category, priceCents: toCents(price), tags });
        return toV1(await found(row, request.params.id));
      },
    );

    app.delete<{ Params: { id: number } }>(
      '/products/:id',
      {
        config: { roles: ['admin'] },
        schema: {
          tags: ['products v1'],
          summary: 'Delete a product (admin)',
          security,
          params: idParams,
          response: { 204: { type: 'null', description: 'Deleted' }, 404: problemRef, ...protectedErrors },
        },
      },
      async (request, reply) => {
        if (!(await repo.delete(request.params.id))) throw missing(request.params.id);
        return reply.code(204).send();
      },
    );

    app.get(
      '/debug/fail',
      {
        config: { roles: ALL_ROLES },
        schema: {
          tags: ['debug'],
          summary: 'Fails on purpose (a query on a missing table): shows what a 500 looks like',
          security,
          response: { 500: problemRef, ...protectedErrors },
        },
      },
      async () => repo.brokenQuery(),
    );
  };
}

const missing = (id: number) => new HttpProblem(404, 'not-found', 'Not found', `no product with id ${id}`);

async function found<T>(row: Promise<T | undefined>, id: number): Promise<T> {
  const value = await row;
  if (value === undefined) throw missing(id);
  return value;
}
