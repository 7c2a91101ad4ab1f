import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';

const store = new AsyncLocalStorage<{ readonly requestId: string }>();
/** Request loggers fastify made: they already carry request_id as a binding. */
const boundLoggers = new WeakSet<object>();
const INCOMING_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** Keeps a well-formed X-Request-Id, otherwise makes a new one. */
export function requestIdOf(request: IncomingMessage): string {
  const incoming = request.headers['x-request-id'];
  return typeof incoming === 'string' && INCOMING_ID.test(incoming) ? incoming : randomUUID();
}

/**
 * pino mixin: code that has no `request` (repositories, pool handlers) logs through the root
 * logger, and still gets the id of the request it runs for.
 */
export function requestIdMixin(_merge: object, _level: number, logger: object): object {
  if (boundLoggers.has(logger)) return {};
  const context = store.getStore();
  return context ? { request_id: context.requestId } : {};
}

export const rememberBoundLogger = <T extends object>(logger: T): T => {
  boundLoggers.add(logger);
  return logger;
};

/** Runs the rest of each request inside its context and echoes the id in X-Request-Id. */
export function registerRequestContext(app: FastifyInstance): void {
  app.addHook('onRequest', (request, _reply, done) => {
    store.run({ requestId: String(request.id) }, done);
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
}
