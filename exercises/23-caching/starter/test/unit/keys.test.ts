import { describe, expect, it } from 'vitest';
import { keys } from '../../src/config.ts';

// An example unit test: no Redis, just logic. Put unit tests under test/unit/ and tests that use
// the real Redis (REDIS_URL, KEY_PREFIX: the same your service gets) under test/integration/.
describe('keys', () => {
  it('caches item :id at <KEY_PREFIX>item:<id>, as the contract says', () => {
    expect(keys('run1:').item('42')).toBe('run1:item:42');
  });
});
