import { CLAUSE_OPS } from './flag.ts';

/**
 * The flag JSON Schema (draft 2020-12). The service validates requests with this very document and
 * serves it at GET /schemas/flag.json, so what is documented cannot drift from what is enforced.
 */
export const FLAG_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://flags.example/schemas/flag.json',
  title: 'Feature flag',
  type: 'object',
  required: ['key', 'enabled', 'variants', 'offVariant', 'rules', 'fallthrough'],
  additionalProperties: false,
  properties: {
    key: { type: 'string', pattern: '^[a-z0-9][a-z0-9._-]{0,63}$' },
    description: { type: 'string', maxLength: 500 },
    enabled: { type: 'boolean' },
    variants: {
      type: 'object',
      minProperties: 1,
      maxProperties: 20,
      propertyNames: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,32}$' },
    },
    offVariant: { type: 'string' },
    rules: { type: 'array', maxItems: 50, items: { $ref: '#/$defs/rule' } },
    fallthrough: { $ref: '#/$defs/serve' },
    version: { type: 'integer', minimum: 1, description: 'set by the service' },
    updatedAt: { type: 'string', description: 'set by the service (ISO 8601)' },
  },
  $defs: {
    clause: {
      type: 'object',
      required: ['attribute', 'op', 'values'],
      additionalProperties: false,
      properties: {
        attribute: { type: 'string', minLength: 1, maxLength: 64 },
        op: { enum: [...CLAUSE_OPS] },
        values: {
          type: 'array',
          minItems: 1,
          maxItems: 100,
          items: { anyOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] },
        },
      },
    },
    rule: {
      type: 'object',
      required: ['id', 'serve'],
      additionalProperties: false,
      properties: {
        id: { type: 'string', minLength: 1, maxLength: 64 },
        clauses: { type: 'array', minItems: 1, maxItems: 20, items: { $ref: '#/$defs/clause' } },
        expression: { type: 'string', minLength: 1 },
        serve: { $ref: '#/$defs/serve' },
      },
    },
    serve: {
      type: 'object',
      additionalProperties: false,
      minProperties: 1,
      maxProperties: 1,
      properties: {
        variant: { type: 'string' },
        rollout: {
          type: 'object',
          minProperties: 1,
          additionalProperties: { type: 'number', minimum: 0, maximum: 100 },
        },
      },
    },
  },
} as const;
