/**
 * The flag JSON Schema (draft 2020-12), served at GET /schemas/flag.json.
 * TODO(R1): describe a flag precisely — types, enums of ops, required fields, $defs for clause, rule
 * and serve — and validate every request with this same document.
 */
export const FLAG_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
};
