import { describe, expect, it } from 'vitest';
import { isPlan, PLANS } from '../../src/plans.ts';

// An example unit test: no database, just logic. Put unit tests under test/unit/ and tests that use
// the real Postgres (DATABASE_URL: the same your service gets) under test/integration/.
describe('plans', () => {
  it('has the limits of the spec: free 3 projects / 100 documents', () => {
    expect(PLANS.free).toEqual({ projects: 3, documents: 100 });
  });

  it('refuses a plan that is not free or pro, and anything inherited from Object', () => {
    expect(isPlan('pro')).toBe(true);
    expect(isPlan('enterprise')).toBe(false);
    expect(isPlan('toString')).toBe(false);
    expect(isPlan(1)).toBe(false);
  });
});
