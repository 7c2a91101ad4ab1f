import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Caller, callerOf } from '../auth.ts';

/** The verified caller, or undefined after answering 401 (no valid token) or 403 (role may not write). */
export async function callerOrReply(
  request: FastifyRequest,
  reply: FastifyReply,
  secret: Uint8Array,
  options: { write?: (caller: Caller) => boolean } = {},
): Promise<Caller | undefined> {
  const caller = await callerOf(request.headers.authorization, secret);
  if (!caller) {
    reply.code(401).send({ error: 'send Authorization: Bearer <HS256 JWT with sub, tenant and role>' });
    return undefined;
  }
  if (options.write && !options.write(caller)) {
    reply.code(403).send({ error: `role ${caller.role} may not change flags (editor or admin may)` });
    return undefined;
  }
  return caller;
}
