import { describe, expect, test } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { parseLsn } from '../../src/lsn.ts';
import { currentTenant, withTenant } from '../../src/tenant-context.ts';

describe('WAL positions', () => {
  test('compare by both halves', () => {
    expect((parseLsn('1/0') ?? 0n) > (parseLsn('0/FFFFFFFF') ?? 0n)).toBe(true);
    expect(parseLsn('0/3000148')).toBe(0x3000148n);
  });

  test('garbage is not a position', () => {
    expect(parseLsn('latest')).toBeUndefined();
  });
});

describe('config', () => {
  test('reads the contract env and defaults the rest', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://x/db', POOL_MAX: '7', STATEMENT_CACHE: 'off' });
    expect(config).toMatchObject({ poolMax: 7, statementCache: false, replicaUrl: 'postgres://x/db' });
  });

  test('refuses a missing DATABASE_URL and a bad number', () => {
    expect(() => loadConfig({})).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://x/db', POOL_MAX: 'many' })).toThrow(/POOL_MAX/);
  });
});

describe('tenant context', () => {
  test('follows awaits and refuses to run without a tenant', async () => {
    expect(() => currentTenant()).toThrow(/tenant/);
    const seen = await withTenant('acme', async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return currentTenant();
    });
    expect(seen).toBe('acme');
  });
});
