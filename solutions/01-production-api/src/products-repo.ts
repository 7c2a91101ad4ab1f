import type { FastifyBaseLogger } from 'fastify';
import type { Db } from './db.ts';
import { type Cursor, keysetCondition, orderBy, type SortKey } from './pagination.ts';

export interface ProductRow {
  readonly id: number;
  readonly name: string;
  readonly category: string;
  readonly price_cents: number;
  readonly tags: string[];
  readonly created_at: Date;
}

export interface ProductFilters {
  readonly category?: string;
  readonly minCents?: number;
  readonly maxCents?: number;
}

export interface ProductInput {
  readonly name?: string;
  readonly category?: string;
  readonly priceCents?: number;
  readonly tags?: readonly string[];
}

const COLUMNS = 'id::integer AS id, name, category, price_cents, tags, created_at';

function where(filters: ProductFilters, params: unknown[]): string[] {
  const conditions: string[] = [];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    conditions.push(sql(`$${params.length}`));
  };
  if (filters.category !== undefined) add((p) => `category = ${p}`, filters.category);
  if (filters.minCents !== undefined) add((p) => `price_cents >= ${p}`, filters.minCents);
  if (filters.maxCents !== undefined) add((p) => `price_cents <= ${p}`, filters.maxCents);
  return conditions;
}

const clause = (conditions: readonly string[]) => (conditions.length ? `WHERE ${conditions.join(' AND ')}` : '');

/**
 * Products in Postgres. It gets no request: its log lines carry request_id through the logger's
 * mixin (AsyncLocalStorage), like any code deep in a request.
 */
export class ProductsRepo {
  constructor(
    private readonly db: Db,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** One page by offset, with the total of rows matching the filters (v1). */
  async page(filters: ProductFilters, sort: readonly SortKey[], limit: number, offset: number) {
    const params: unknown[] = [];
    const conditions = clause(where(filters, params));
    const started = performance.now();
    const [rows, count] = await Promise.all([
      this.db.query<ProductRow>(
        `SELECT ${COLUMNS} FROM products ${conditions} ORDER BY ${orderBy(sort)} LIMIT ${limit} OFFSET ${offset}`,
        params,
      ),
      this.db.query<{ total: number }>(`SELECT count(*)::integer AS total FROM products ${conditions}`, params),
    ]);
    this.log.info({ rows: rows.rowCount, ms: Math.round(performance.now() - started) }, 'products page read');
    return { rows: rows.rows, total: count.rows[0]?.total ?? 0 };
  }

  /** Up to `limit` rows after the cursor in sort order (v2 keyset paging). */
  async after(filters: ProductFilters, sort: readonly SortKey[], limit: number, cursor: Cursor | undefined) {
    const params: unknown[] = [];
    const conditions = where(filters, params);
    if (cursor) {
      const keyset = keysetCondition(sort, cursor, params.length + 1);
      params.push(...keyset.params);
      conditions.push(keyset.sql);
    }
    const started = performance.now();
    const result = await this.db.query<ProductRow>(
      `SELECT ${COLUMNS} FROM products ${clause(conditions)} ORDER BY ${orderBy(sort)} LIMIT ${limit}`,
      params,
    );
    this.log.info({ rows: result.rowCount, ms: Math.round(performance.now() - started) }, 'products keyset page read');
    return result.rows;
  }

  async get(id: number): Promise<ProductRow | undefined> {
    const result = await this.db.query<ProductRow>(`SELECT ${COLUMNS} FROM products WHERE id = $1`, [id]);
    return result.rows[0];
  }

  async create(input: Required<ProductInput>): Promise<ProductRow> {
    const result = await this.db.query<ProductRow>(
      `INSERT INTO products (name, category, price_cents, tags) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`,
      [input.name, input.category, input.priceCents, input.tags],
    );
    this.log.info({ product_id: result.rows[0]?.id }, 'product created');
    return result.rows[0] as ProductRow;
  }

  async update(id: number, input: ProductInput): Promise<ProductRow | undefined> {
    const result = await this.db.query<ProductRow>(
      `UPDATE products SET name = coalesce($2, name), category = coalesce($3, category),
         price_cents = coalesce($4, price_cents), tags = coalesce($5, tags)
       WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, input.name ?? null, input.category ?? null, input.priceCents ?? null, input.tags ?? null],
    );
    return result.rows[0];
  }

  async delete(id: number): Promise<boolean> {
    const result = await this.db.query('DELETE FROM products WHERE id = $1', [id]);
    return (result.rowCount ?? 0) > 0;
  }

  /** The contract's way to provoke a 500: a query on a table that does not exist (GET /v1/debug/fail). */
  async brokenQuery(): Promise<never> {
    await this.db.query('SELECT * FROM table_that_does_not_exist');
    throw new Error('unreachable: the query above always fails');
  }
}
