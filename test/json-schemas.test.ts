import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { jsonSchemas } from '../harness/manifest/json-schemas.ts';
import { ROOT } from './run-lab.ts';

// docs/*.schema.json are generated from the zod schemas; UPDATE_SCHEMAS=1 npx vitest run test/json-schemas.test.ts rewrites them.
test.each(Object.entries(jsonSchemas()))('docs/%s matches the zod schema it is generated from', (file, schema) => {
  const path = join(ROOT, 'docs', file);
  const expected = `${JSON.stringify(schema, null, 2)}\n`;
  if (process.env.UPDATE_SCHEMAS) writeFileSync(path, expected);
  expect(readFileSync(path, 'utf8'), `run: UPDATE_SCHEMAS=1 npx vitest run test/json-schemas.test.ts`).toBe(expected);
});
