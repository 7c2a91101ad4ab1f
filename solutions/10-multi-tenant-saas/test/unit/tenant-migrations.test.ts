import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { readMigrations } from '../../src/tenant-migrations.ts';

const folder = async (files: Record<string, string>) => {
  const dir = await mkdtemp(join(tmpdir(), 'saas-migrations-'));
  for (const [name, sql] of Object.entries(files)) await writeFile(join(dir, name), sql);
  return dir;
};

describe('readMigrations', () => {
  test('pairs up and down files in version order', async () => {
    const dir = await folder({
      '002_b.up.sql': 'B',
      '002_b.down.sql': 'b',
      '001_a.up.sql': 'A',
      '001_a.down.sql': 'a',
      'notes.txt': 'ignored',
    });
    expect(await readMigrations(dir)).toEqual([
      { version: '001_a', up: 'A', down: 'a' },
      { version: '002_b', up: 'B', down: 'b' },
    ]);
  });

  test('a migration without its down half is an error', async () => {
    const dir = await folder({ '001_a.up.sql': 'A' });
    await expect(readMigrations(dir)).rejects.toThrow(/001_a.down.sql is missing/);
  });
});
