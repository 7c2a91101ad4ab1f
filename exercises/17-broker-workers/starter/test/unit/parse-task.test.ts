import { describe, expect, it } from 'vitest';
import { parseTask } from '../../src/parse-task.ts';

// Example unit tests. Next: the poison reasons your worker dead-letters with, the retry schedule of
// RETRY_DELAYS_MS, your config parsing — pure functions are the cheapest tests to grow.
describe('parseTask', () => {
  it('accepts a task of the contract', () => {
    expect(parseTask({ id: 't1', kind: 'work', durationMs: 10 })).toEqual({ id: 't1', kind: 'work', durationMs: 10 });
  });

  it('refuses a task without id, with an unknown kind, or with a priority above 9', () => {
    expect(parseTask({ kind: 'work' })).toBeUndefined();
    expect(parseTask({ id: 'x', kind: 'explode' })).toBeUndefined();
    expect(parseTask({ id: 'x', kind: 'work', priority: 12 })).toBeUndefined();
  });
});
