import { randomBytes } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { loadConfig } from '../../src/config.ts';

// An example unit test: no services, and a fresh secret per run (never a secret literal in the source).
// TODO(C1): at least 10 tests in all — unit tests here, HTTP tests against the database in test/integration/.
const secret = randomBytes(16).toString('hex');

describe('config', () => {
  test('defaults apply when only the required variables are set', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://db.invalid/app', JWT_SECRET: secret });
    expect(config).toMatchObject({ port: 3000, accessTtlSeconds: 900, logLevel: 'info' });
  });
});
