/**
 * JSON schemas shared by validation (ajv, allErrors), serialisation (fast-json-stringify) and the
 * OpenAPI document (@fastify/swagger): one description of each shape, with its examples.
 */
export const problemSchema = {
  $id: 'ProblemDetails',
  title: 'ProblemDetails',
  description: 'RFC 9457 problem details: the body of every 4xx and 5xx response.',
  type: 'object',
  required: ['type', 'title', 'status', 'detail', 'request_id'],
  properties: {
    type: { type: 'string', format: 'uri' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    request_id: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['path', 'message'],
        properties: { path: { type: 'string', description: 'JSON pointer' }, message: { type: 'string' } },
      },
    },
  },
  examples: [
    {
      type: 'https://lab.dev/problems/validation',
      title: 'Validation failed',
      status: 400,
      detail: '1 field is invalid',
      request_id: '2f1c9a7e-1b7c-4d2e-9a55-0e1c2b3d4f5a',
      errors: [{ path: '/price', message: 'must be >= 0' }],
    },
  ],
} as const;

export const problemRef = { $ref: 'ProblemDetails#' } as const;

/** The 4xx answers every protected route can give, all problem+json. */
export const protectedErrors = { 400: problemRef, 401: problemRef, 403: problemRef, 429: problemRef } as const;

const productExample = {
  id: 42,
  name: 'Espresso cup',
  category: 'kitchen',
  tags: ['ceramic'],
  created_at: '2026-01-15T09:30:00.000Z',
};

export const productV1 = {
  type: 'object',
  required: ['id', 'name', 'category', 'price', 'tags', 'created_at'],
  properties: {
    id: { type: 'integer' },
    name: { type: 'string' },
    category: { type: 'string' },
    price: { type: 'string', description: 'Decimal price with two digits', pattern: '^\\d+\\.\\d{2}$' },
    tags: { type: 'array', items: { type: 'string' } },
    created_at: { type: 'string', format: 'date-time' },
  },
  examples: [{ ...productExample, price: '12.50' }],
} as const;

export const productV2 = {
  type: 'object',
  required: ['id', 'name', 'category', 'price_cents', 'tags', 'created_at'],
  properties: {
    id: { type: 'integer' },
    name: { type: 'string' },
    category: { type: 'string' },
    price_cents: { type: 'integer' },
    tags: { type: 'array', items: { type: 'string' } },
    created_at: { type: 'string', format: 'date-time' },
  },
  examples: [{ ...productExample, price_cents: 1250 }],
} as const;

const productFields = {
  name: { type: 'string', minLength: 1, maxLength: 200 },
  category: { type: 'string', minLength: 1, maxLength: 100 },
  price: { type: 'number', minimum: 0, maximum: 1_000_000 },
  tags: { type: 'array', maxItems: 10, items: { type: 'string', minLength: 1, maxLength: 32 } },
} as const;

export const createProductBody = {
  type: 'object',
  required: ['name', 'category', 'price'],
  properties: productFields,
  examples: [{ name: 'Espresso cup', category: 'kitchen', price: 12.5, tags: ['ceramic'] }],
} as const;

export const patchProductBody = {
  type: 'object',
  minProperties: 1,
  properties: productFields,
  examples: [{ price: 9.99 }],
} as const;

export const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'integer', minimum: 1 } },
} as const;

const listFilters = {
  limit: { type: 'integer', description: 'Page size, clamped to 1…100 (default 20)' },
  sort: {
    type: 'string',
    description: 'Comma-separated name, price, created_at; prefix - for descending; ties by id',
  },
  category: { type: 'string' },
  min_price: { type: 'number', description: 'Inclusive, in currency units' },
  max_price: { type: 'number', description: 'Inclusive, in currency units' },
} as const;

export const listQueryV1 = {
  type: 'object',
  properties: { ...listFilters, offset: { type: 'integer', description: 'Rows to skip, at least 0' } },
} as const;

export const listQueryV2 = {
  type: 'object',
  properties: { ...listFilters, cursor: { type: 'string', description: 'Opaque; from links.next' } },
} as const;

export const loginBody = {
  type: 'object',
  required: ['username', 'password'],
  properties: { username: { type: 'string', minLength: 1 }, password: { type: 'string', minLength: 1 } },
  examples: [{ username: 'alice', password: 'correct horse battery staple' }],
} as const;

export const refreshBody = {
  type: 'object',
  required: ['refresh_token'],
  properties: { refresh_token: { type: 'string', minLength: 1 } },
  examples: [{ refresh_token: 'eyJhbGciOiJIUzI1NiJ9.eyJ0eXAiOiJyZWZyZXNoIn0.c2lnbmF0dXJl' }],
} as const;

export const tokenPair = {
  type: 'object',
  required: ['access_token', 'refresh_token', 'token_type', 'expires_in'],
  properties: {
    access_token: { type: 'string' },
    refresh_token: { type: 'string' },
    token_type: { type: 'string' },
    expires_in: { type: 'integer' },
  },
  examples: [
    {
      access_token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIiwicm9sZSI6InZpZXdlciJ9.c2lnbmF0dXJl',
      refresh_token: 'eyJhbGciOiJIUzI1NiJ9.eyJ0eXAiOiJyZWZyZXNoIn0.c2lnbmF0dXJl',
      token_type: 'Bearer',
      expires_in: 900,
    },
  ],
} as const;

export const meResponse = {
  type: 'object',
  required: ['username', 'role'],
  properties: { username: { type: 'string' }, role: { type: 'string', enum: ['admin', 'editor', 'viewer'] } },
  examples: [{ username: 'alice', role: 'viewer' }],
} as const;
