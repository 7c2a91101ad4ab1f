import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LAB_ROOT } from '../paths.ts';

let cached: string | undefined;

/** lab's own version, from its package.json. */
export const labVersion = (): string =>
  (cached ??= (JSON.parse(readFileSync(join(LAB_ROOT, 'package.json'), 'utf8')) as { version: string }).version);
