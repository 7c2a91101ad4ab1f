import type { FastifyReply, FastifyRequest } from 'fastify';

/** One field that failed validation: a JSON pointer into the request part, and why. */
export interface FieldError {
  readonly path: string;
  readonly message: string;
}

/** RFC 9457 problem details, the one shape of every 4xx and 5xx this service sends. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly request_id: string;
  readonly errors?: readonly FieldError[];
}

/** An error a handler throws on purpose; the error handler turns it into its problem. */
export class HttpProblem extends Error {
  constructor(
    readonly statusCode: number,
    readonly slug: string,
    readonly title: string,
    detail: string,
    readonly errors?: readonly FieldError[],
  ) {
    super(detail);
  }
}

export const PROBLEM_BASE = 'https://lab.dev/problems/';

export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  problem: Omit<Problem, 'request_id' | 'type'> & { slug: string },
): FastifyReply {
  const { slug, ...rest } = problem;
  const body: Problem = { type: PROBLEM_BASE + slug, ...rest, request_id: String(request.id) };
  return reply.code(problem.status).type('application/problem+json').send(body);
}
