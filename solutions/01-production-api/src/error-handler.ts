import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type FieldError, HttpProblem, sendProblem } from './problem.ts';

interface AjvError {
  readonly instancePath: string;
  readonly keyword: string;
  readonly message?: string;
  readonly params: Record<string, unknown>;
}

/** ajv's errors as JSON pointers to the failing field, the missing one included. */
export function fieldErrors(validation: readonly AjvError[]): FieldError[] {
  return validation.map((e) => {
    const child = e.params.missingProperty ?? e.params.additionalProperty;
    const path = typeof child === 'string' ? `${e.instancePath}/${child}` : e.instancePath;
    return { path: path || '/', message: e.message ?? e.keyword };
  });
}

/** Every failure becomes one problem+json shape; a 500 never shows its cause (it is logged). */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setNotFoundHandler(notFound);
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof HttpProblem) {
      return sendProblem(request, reply, {
        slug: error.slug,
        title: error.title,
        status: error.statusCode,
        detail: error.message,
        ...(error.errors ? { errors: error.errors } : {}),
      });
    }
    if (error.validation) {
      const errors = fieldErrors(error.validation as AjvError[]);
      return sendProblem(request, reply, {
        slug: 'validation',
        title: 'Validation failed',
        status: 400,
        detail: `${errors.length} ${errors.length === 1 ? 'field is' : 'fields are'} invalid in the ${error.validationContext}`,
        errors,
      });
    }
    const status = error.statusCode ?? 500;
    if (status === 415) {
      return sendProblem(request, reply, {
        slug: 'unsupported-media-type',
        title: 'Unsupported media type',
        status,
        detail: `send Content-Type: application/json (got ${request.headers['content-type'] ?? 'none'})`,
      });
    }
    if (status >= 400 && status < 500) {
      return sendProblem(request, reply, {
        slug: status === 400 ? 'bad-request' : `http-${status}`,
        title: status === 400 ? 'Bad request' : (error.name ?? 'Client error'),
        status,
        detail: error.message,
      });
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(request, reply, {
      slug: 'internal',
      title: 'Internal server error',
      status: 500,
      detail: 'The server failed to handle this request; it has been logged with its request_id.',
    });
  });
}

export function notFound(request: FastifyRequest, reply: FastifyReply) {
  return sendProblem(request, reply, {
    slug: 'not-found',
    title: 'Not found',
    status: 404,
    detail: `no route ${request.method} ${request.url.split('?')[0]}`,
  });
}
