import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { problemSchema } from './schemas.ts';

/**
 * The OpenAPI document is built from the route schemas themselves (@fastify/swagger), so it cannot
 * drift from what is validated. Shared schemas keep their $id as their component name.
 */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  app.addSchema(problemSchema);
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Products API', version: '2.0.0', description: 'lab project 1: a production-shaped REST API.' },
      tags: [
        { name: 'auth', description: 'Log in, refresh, who am I' },
        { name: 'products v1', description: 'Deprecated: offset paging, decimal prices' },
        { name: 'products v2', description: 'Cursor paging, integer cents' },
        { name: 'debug', description: 'Provokes failures on purpose' },
        { name: 'health', description: 'Readiness' },
      ],
      components: {
        securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      },
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true }, config: { rateLimit: false } }, async () => app.swagger());
}
