import type { RunRequest } from './run-sections.ts';

/** A request the worker refuses with 400: the message says what was wrong. */
export class BadRequest extends Error {
  override readonly name = 'BadRequest';
}

const TEN_MINUTES_MS = 600_000;

/** An optional integer field within [min, max]; absent means `fallback`. */
function integer(body: Record<string, unknown>, name: string, min: number, max: number, fallback: number): number {
  const value = body[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new BadRequest(`${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return value;
}

/**
 * POST /run's body `{lock, iterations, holdMs, acquireTimeoutMs}`: every field optional, every
 * value bounded (an hour-long hold or a million sections is a client's bug, not a request).
 */
export function parseRunRequest(text: string): RunRequest {
  let body: unknown;
  try {
    body = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    throw new BadRequest('the body is not JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new BadRequest('body must be a JSON object {lock, iterations, holdMs, acquireTimeoutMs}');
  }
  const fields = body as Record<string, unknown>;
  const lock = fields.lock ?? 'default';
  if (typeof lock !== 'string' || lock.length === 0 || lock.length > 200) {
    throw new BadRequest(`lock must be a name of 1 to 200 characters, got ${JSON.stringify(lock)}`);
  }
  return {
    lock,
    iterations: integer(fields, 'iterations', 0, 10_000, 1),
    holdMs: integer(fields, 'holdMs', 0, TEN_MINUTES_MS, 0),
    acquireTimeoutMs: integer(fields, 'acquireTimeoutMs', 0, TEN_MINUTES_MS, 10_000),
  };
}
