import { Problem } from './problem.ts';

interface PgError {
  readonly code?: string;
  readonly message?: string;
}

/** pg-pool's message when no connection was free within connectionTimeoutMillis. */
const POOL_TIMEOUT = 'timeout exceeded when trying to connect';

export const isPoolTimeout = (error: unknown): boolean => (error as PgError)?.message === POOL_TIMEOUT;

/** Deadlock (40P01) and serialization failure (40001): the whole transaction may simply run again. */
export const isRetriable = (error: unknown): boolean => ['40P01', '40001'].includes((error as PgError)?.code ?? '');

/**
 * Whether an error says the database itself is unwell: no SQLSTATE at all (the connection broke or the
 * client timed out waiting), or a connection-class / shutdown SQLSTATE. Constraint violations, deadlocks
 * and our own pool being full say nothing about its health and never open the breaker.
 */
export function isDatabaseDown(error: unknown): boolean {
  if (error instanceof Problem || isPoolTimeout(error)) return false;
  const code = (error as PgError)?.code;
  if (!code) return true;
  return code.startsWith('08') || ['57P01', '57P02', '57P03'].includes(code);
}

/** The problem the API answers for a database error. */
export function toProblem(error: unknown): Problem | unknown {
  if (error instanceof Problem) return error;
  if (isPoolTimeout(error)) {
    return new Problem(503, 'POOL_TIMEOUT', 'no database connection became free within POOL_ACQUIRE_TIMEOUT_MS');
  }
  if (isRetriable(error)) return new Problem(409, 'TX_ABORTED', 'the transaction kept conflicting; retry later');
  if ((error as PgError)?.code === '57014') return new Problem(503, 'STATEMENT_TIMEOUT', 'the query took too long');
  if (isDatabaseDown(error)) {
    return new Problem(503, 'DB_UNAVAILABLE', `the database did not answer: ${(error as PgError).message}`);
  }
  return error;
}
