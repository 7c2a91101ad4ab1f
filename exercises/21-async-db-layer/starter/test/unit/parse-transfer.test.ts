import { describe, expect, it } from 'vitest';
import { parseTransfer } from '../../src/parse-transfer.ts';

// An example unit test: no database, just logic. Put unit tests under test/unit/ and tests that use
// the real Postgres (DATABASE_URL: the same your service gets) under test/integration/.
describe('parseTransfer', () => {
  it('takes three positive integers', () => {
    expect(parseTransfer({ from: 1, to: 2, amount: 5 })).toEqual({ from: 1, to: 2, amount: 5 });
  });

  it('refuses anything else', () => {
    expect(parseTransfer({ from: 'one', to: 2, amount: 5 })).toBeUndefined();
    expect(parseTransfer({ from: 1, to: 2, amount: -5 })).toBeUndefined();
    expect(parseTransfer(null)).toBeUndefined();
  });
});
