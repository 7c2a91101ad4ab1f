import { expect } from 'vitest';
import type { Exchange } from '../../../../harness/grading/grader-kit.ts';

/**
 * What is wrong with an error response, against the contract's problem+json shape (RFC 9457 plus
 * request_id). Empty when it is right.
 */
export function problemIssues(res: Exchange, expectedStatus?: number | readonly number[]): string[] {
  const issues: string[] = [];
  const allowed = expectedStatus === undefined ? undefined : [expectedStatus].flat();
  if (allowed && !allowed.includes(res.status)) issues.push(`status ${res.status}, expected ${allowed.join(' or ')}`);
  const type = res.headers.get('content-type') ?? '';
  if (!type.startsWith('application/problem+json')) {
    issues.push(`Content-Type "${type || 'none'}", expected application/problem+json`);
  }
  const body = res.json as Record<string, unknown> | undefined;
  if (!body || typeof body !== 'object' || Array.isArray(body)) return [...issues, 'the body is not a JSON object'];
  for (const field of ['type', 'title', 'detail', 'request_id'] as const) {
    if (typeof body[field] !== 'string' || body[field] === '') issues.push(`"${field}" must be a non-empty string`);
  }
  if (body.status !== res.status)
    issues.push(`"status" is ${JSON.stringify(body.status)}, not the HTTP status ${res.status}`);
  return issues;
}

/** Asserts the problem shape, failing with what was sent, what came back and what is wrong with it. */
export function expectProblem(what: string, res: Exchange, expectedStatus?: number | readonly number[]): void {
  expect(
    problemIssues(res, expectedStatus),
    `${what}: every 4xx/5xx must be application/problem+json {type, title, status, detail, request_id}\n  ${res.shown}`,
  ).toEqual([]);
}
