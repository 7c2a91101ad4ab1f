import { describe, expect, test } from 'vitest';
import { parseShardUrls, readConfig } from '../../src/config.ts';

describe('config', () => {
  test('SHARD_URLS becomes an ordered map of name → url', () => {
    expect([...parseShardUrls('s1=postgres://a/x,s2=postgres://b/y?sslmode=disable')]).toEqual([
      ['s1', 'postgres://a/x'],
      ['s2', 'postgres://b/y?sslmode=disable'],
    ]);
  });

  test('an empty SHARD_URLS or a bad number is refused with the variable named', () => {
    expect(() => readConfig({})).toThrow(/SHARD_URLS.*DATABASE_URL/);
    expect(() => readConfig({ SHARD_URLS: 's1=postgres://a/x', SHARD_POOL_MAX: 'many' })).toThrow(/SHARD_POOL_MAX/);
  });

  test('without SHARD_URLS, DATABASE_URL is the one shard s1', () => {
    const config = readConfig({ DATABASE_URL: 'postgres://db/x' });
    expect([...config.shards]).toEqual([['s1', 'postgres://db/x']]);
    expect(readConfig({ DATABASE_URL: 'postgres://db/x', SHARD_URLS: 'a=postgres://a/1' }).shards.has('s1')).toBe(
      false,
    );
  });
});
