import { describe, expect, it } from 'vitest';
import { keys } from '../../src/config.ts';

// An example unit test: no Redis, just logic. Put unit tests under test/unit/ and tests that use
// the real Redis (REDIS_URL, KEY_PREFIX: the same your worker gets) under test/integration/.
describe('keys', () => {
  it('puts the lock named L at <KEY_PREFIX>lock:L, as the contract says', () => {
    expect(keys('run1:').lock('orders')).toBe('run1:lock:orders');
  });
});
