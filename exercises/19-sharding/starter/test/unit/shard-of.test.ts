import { describe, expect, it } from 'vitest';
import { shardOf } from '../../src/shard-of.ts';

// An example unit test: no database, just logic. Put unit tests under test/unit/ and tests that use
// the real Postgres (DATABASE_URL: the same your service gets) under test/integration/.
describe('shardOf', () => {
  it('names one of the shards it was given, the same one every time', () => {
    const shards = ['s1', 's2', 's3'];
    for (const key of ['user:0', 'user:1', 'AaAa', 'BBBB']) {
      expect(shards).toContain(shardOf(key, shards));
      expect(shardOf(key, shards)).toBe(shardOf(key, shards));
    }
  });
});
