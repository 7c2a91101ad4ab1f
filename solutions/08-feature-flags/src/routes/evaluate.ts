import type { FastifyInstance } from 'fastify';
import { type EvaluationContext, evaluateFlag } from '../evaluate.ts';
import type { FlagCache } from '../flag-cache.ts';
import type { CacheMetrics } from '../metrics.ts';
import { withSpan } from '../telemetry.ts';
import type { FieldError } from '../validate-flag.ts';
import { callerOrReply } from './caller.ts';

const MAX_BATCH = 1_000;

/** A context from the request, or the field errors that make it unusable. */
function readContext(raw: unknown, path: string, errors: FieldError[]): EvaluationContext {
  const context = (raw ?? {}) as { userId?: unknown; attributes?: unknown };
  if (typeof context.userId !== 'string') errors.push({ path: `${path}/userId`, message: 'must be a string' });
  const attributes = context.attributes;
  if (
    attributes !== undefined &&
    (typeof attributes !== 'object' || attributes === null || Array.isArray(attributes))
  ) {
    errors.push({ path: `${path}/attributes`, message: 'must be an object' });
  }
  return { userId: String(context.userId), attributes: (attributes ?? {}) as Record<string, unknown> };
}

/**
 * POST /evaluate (one context) and POST /evaluate/batch (up to 1,000), from the tenant's cached flag set.
 * Each evaluation runs in a span and is counted by reason: the key path of the service.
 */
export function evaluateRoutes(
  app: FastifyInstance,
  cache: FlagCache,
  jwtSecret: Uint8Array,
  metrics: CacheMetrics,
): void {
  app.post<{ Body: { flagKey?: unknown; context?: unknown } }>('/evaluate', async (request, reply) => {
    const caller = await callerOrReply(request, reply, jwtSecret);
    if (!caller) return reply;
    const { flagKey, context } = request.body ?? {};
    const errors: FieldError[] = [];
    if (typeof flagKey !== 'string') errors.push({ path: '/flagKey', message: 'must be a string' });
    const ctx = readContext(context, '/context', errors);
    if (errors.length) return reply.code(400).send({ errors });
    return withSpan('evaluate flag', { 'flag.key': String(flagKey), 'flag.tenant': caller.tenant }, async () => {
      const flag = (await cache.flagSet(caller.tenant)).flags.find((f) => f.key === flagKey);
      if (!flag) {
        metrics.evaluated('FLAG_NOT_FOUND');
        return reply.code(404).send({ flagKey, variant: null, value: null, reason: 'FLAG_NOT_FOUND' });
      }
      const result = evaluateFlag(flag, ctx);
      metrics.evaluated(result.reason);
      return result;
    });
  });

  app.post<{ Body: { flagKey?: unknown; contexts?: unknown } }>('/evaluate/batch', async (request, reply) => {
    const caller = await callerOrReply(request, reply, jwtSecret);
    if (!caller) return reply;
    const { flagKey, contexts } = request.body ?? {};
    const errors: FieldError[] = [];
    if (typeof flagKey !== 'string') errors.push({ path: '/flagKey', message: 'must be a string' });
    if (!Array.isArray(contexts) || contexts.length > MAX_BATCH) {
      return reply
        .code(400)
        .send({ errors: [...errors, { path: '/contexts', message: `must be an array of at most ${MAX_BATCH}` }] });
    }
    const parsed = contexts.map((c, i) => readContext(c, `/contexts/${i}`, errors));
    if (errors.length) return reply.code(400).send({ errors: errors.slice(0, 20) });
    const attributes = { 'flag.key': String(flagKey), 'flag.tenant': caller.tenant, 'flag.contexts': parsed.length };
    return withSpan('evaluate flag batch', attributes, async () => {
      const flag = (await cache.flagSet(caller.tenant)).flags.find((f) => f.key === flagKey);
      if (!flag) {
        metrics.evaluated('FLAG_NOT_FOUND', parsed.length);
        return reply.code(404).send({ flagKey, reason: 'FLAG_NOT_FOUND' });
      }
      const results = parsed.map((ctx) => evaluateFlag(flag, ctx));
      for (const result of results) metrics.evaluated(result.reason);
      return { results };
    });
  });
}
