import type { FastifyInstance, FastifyReply } from 'fastify';
import { canWrite } from '../auth.ts';
import { documentOf, type Flag } from '../flag.ts';
import { etagOf, type FlagCache } from '../flag-cache.ts';
import type { FlagStore, WriteResult } from '../flag-store.ts';
import { validateFlag } from '../validate-flag.ts';
import { callerOrReply } from './caller.ts';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** CRUD of a tenant's flags. Reads go through the shared cache; writes go to Postgres and invalidate it. */
export function flagRoutes(app: FastifyInstance, store: FlagStore, cache: FlagCache, jwtSecret: Uint8Array): void {
  const notModified = (ifNoneMatch: string | undefined, etag: string) =>
    (ifNoneMatch?.split(',') ?? []).some((tag) => tag.trim() === etag || tag.trim() === '*');

  const answerWrite = async (reply: FastifyReply, tenant: string, result: WriteResult, okStatus: number) => {
    if (!result.ok) {
      const error = result.status === 409 ? 'a flag with this key already exists' : 'no flag with this key';
      return reply.code(result.status).send({ error });
    }
    await cache.invalidate(tenant);
    return result.flag ? reply.code(okStatus).send(result.flag) : reply.code(204).send();
  };

  app.get('/flags', async (request, reply) => {
    const caller = await callerOrReply(request, reply, jwtSecret);
    if (!caller) return reply;
    const set = await cache.flagSet(caller.tenant);
    reply.header('etag', set.etag);
    if (notModified(request.headers['if-none-match'], set.etag)) return reply.code(304).send();
    return { flags: set.flags };
  });

  app.get<{ Params: { key: string } }>('/flags/:key', async (request, reply) => {
    const caller = await callerOrReply(request, reply, jwtSecret);
    if (!caller) return reply;
    const set = await cache.flagSet(caller.tenant);
    const flag = set.flags.find((f) => f.key === request.params.key);
    if (!flag) return reply.code(404).send({ error: 'no flag with this key' });
    const etag = etagOf(flag);
    reply.header('etag', etag);
    if (notModified(request.headers['if-none-match'], etag)) return reply.code(304).send();
    return flag;
  });

  app.post('/flags', async (request, reply) => {
    const caller = await callerOrReply(request, reply, jwtSecret, { write: canWrite });
    if (!caller) return reply;
    const errors = validateFlag(request.body);
    if (errors.length) return reply.code(400).send({ errors });
    return answerWrite(reply, caller.tenant, await store.create(caller, request.body as Flag), 201);
  });

  app.put<{ Params: { key: string } }>('/flags/:key', async (request, reply) => {
    const caller = await callerOrReply(request, reply, jwtSecret, { write: canWrite });
    if (!caller) return reply;
    const body = isObject(request.body) ? { key: request.params.key, ...request.body } : request.body;
    const errors = validateFlag(body);
    if (isObject(body) && body.key !== request.params.key)
      errors.push({ path: '/key', message: 'must equal the key in the URL' });
    if (errors.length) return reply.code(400).send({ errors });
    return answerWrite(reply, caller.tenant, await store.update(caller, request.params.key, () => body as Flag), 200);
  });

  app.patch<{ Params: { key: string } }>('/flags/:key', async (request, reply) => {
    const caller = await callerOrReply(request, reply, jwtSecret, { write: canWrite });
    if (!caller) return reply;
    if (!isObject(request.body)) return reply.code(400).send({ errors: [{ path: '', message: 'must be an object' }] });
    const patch = request.body;
    let errors: ReturnType<typeof validateFlag> = [];
    const result = await store
      .update(caller, request.params.key, (current) => {
        const merged = { ...documentOf(current), ...patch };
        errors = validateFlag(merged);
        if (merged.key !== request.params.key) errors.push({ path: '/key', message: 'cannot be changed' });
        if (errors.length) throw new PatchRefused();
        return merged as Flag;
      })
      .catch((error: unknown) => {
        if (error instanceof PatchRefused) return undefined;
        throw error;
      });
    if (!result) return reply.code(400).send({ errors });
    return answerWrite(reply, caller.tenant, result, 200);
  });

  app.delete<{ Params: { key: string } }>('/flags/:key', async (request, reply) => {
    const caller = await callerOrReply(request, reply, jwtSecret, { write: canWrite });
    if (!caller) return reply;
    return answerWrite(reply, caller.tenant, await store.remove(caller, request.params.key), 204);
  });
}

/** Rolls the transaction back when a patched flag is invalid. */
class PatchRefused extends Error {}
