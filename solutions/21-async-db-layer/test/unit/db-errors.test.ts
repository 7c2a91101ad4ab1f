import { describe, expect, test } from 'vitest';
import { isDatabaseDown, isRetriable, toProblem } from '../../src/db-errors.ts';
import { Problem } from '../../src/problem.ts';

const pgError = (code: string) => Object.assign(new Error(`sqlstate ${code}`), { code });

describe('database errors', () => {
  test('timeouts and broken connections mean the database is down; constraint errors do not', () => {
    expect(isDatabaseDown(new Error('Query read timeout'))).toBe(true);
    expect(isDatabaseDown(pgError('08006'))).toBe(true);
    expect(isDatabaseDown(pgError('23505'))).toBe(false);
    expect(isDatabaseDown(new Error('timeout exceeded when trying to connect'))).toBe(false);
  });

  test('deadlocks and serialization failures are retriable', () => {
    expect(isRetriable(pgError('40P01'))).toBe(true);
    expect(isRetriable(pgError('40001'))).toBe(true);
    expect(isRetriable(pgError('23505'))).toBe(false);
  });

  test('an exhausted pool answers 503 POOL_TIMEOUT', () => {
    const problem = toProblem(new Error('timeout exceeded when trying to connect'));
    expect(problem).toBeInstanceOf(Problem);
    expect((problem as Problem).toJSON()).toMatchObject({ status: 503, code: 'POOL_TIMEOUT' });
  });
});
