import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { expect } from 'vitest';
import type { FlagsClient } from './http-client.ts';

/**
 * Fetches GET /schemas/flag.json and compiles it with a real validator: Ajv, draft 2020-12, strict
 * mode (unknown keywords, ambiguous types and required-but-undefined properties are errors).
 */
export async function learnerSchema(client: FlagsClient): Promise<ValidateFunction> {
  const res = await client.get('/schemas/flag.json');
  expect(res.status, `GET /schemas/flag.json must serve the flag JSON Schema\n  ${res.shown}`).toBe(200);
  expect(typeof res.json, `GET /schemas/flag.json must be a JSON object\n  ${res.shown}`).toBe('object');
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats.default(ajv);
  try {
    return ajv.compile(res.json as object);
  } catch (error) {
    throw new Error(
      `your flag schema does not compile in Ajv (draft 2020-12, strict: true): ${(error as Error).message}\n  fix the schema you serve at GET /schemas/flag.json`,
    );
  }
}

export const schemaErrors = (validate: ValidateFunction): string =>
  (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message}`).join('; ');
