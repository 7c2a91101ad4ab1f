import { randomBytes } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { loadConfig } from '../../src/config.ts';

// A fresh value per run: no secret-looking literal in the source.
const secret = randomBytes(16).toString('hex');

describe('config', () => {
  test('defaults apply when only the required variables are set', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://db.invalid/app', JWT_SECRET: secret });
    expect(config).toMatchObject({ port: 3000, accessTtlSeconds: 900, rateLimitMax: 100, logLevel: 'info' });
    expect(config.seedUsers).toEqual([]);
  });

  test('a missing JWT_SECRET or a bad number is refused with the variable named', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://db.invalid/app' })).toThrow(/JWT_SECRET/);
    expect(() => loadConfig({ DATABASE_URL: 'x', JWT_SECRET: secret, RATE_LIMIT_MAX: '-3' })).toThrow(/RATE_LIMIT_MAX/);
  });

  test('SEED_USERS must be an array of users with a known role', () => {
    const env = { DATABASE_URL: 'x', JWT_SECRET: secret };
    const users = JSON.stringify([{ username: 'ann', password: secret, role: 'editor' }]);
    expect(loadConfig({ ...env, SEED_USERS: users }).seedUsers).toEqual([
      { username: 'ann', password: secret, role: 'editor' },
    ]);
    const badRole = JSON.stringify([{ username: 'bob', password: secret, role: 'root' }]);
    expect(() => loadConfig({ ...env, SEED_USERS: badRole })).toThrow(/SEED_USERS\[0\]/);
  });
});
