import Fastify from 'fastify';
import pg from 'pg';

/**
 * A naive first version: one table, no tenants, connected as the database owner. It runs and
 * answers /healthz — and every tenant can read everyone's projects. Make it a SaaS.
 */
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) throw new Error('DATABASE_URL is not set: lab gives it to you (see the README)');

// TODO(R1): this is the owner's URL. Create an application role (LOGIN, NOSUPERUSER, NOBYPASSRLS,
// password APP_DB_PASSWORD), enable and force RLS with a policy on every tenant table, and serve
// requests through a pool of that role with application_name saas-app.
const pool = new pg.Pool({ connectionString: databaseUrl });
await pool.query(`CREATE TABLE IF NOT EXISTS projects (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL
)`);

const app = Fastify({ logger: { level: 'warn' } });
app.get('/healthz', async () => ({ status: 'ok' }));

// TODO(R2): POST /tenants (platform token) creating a ready tenant; quotas per plan with
// 403 {code: 'QUOTA_EXCEEDED', resource, limit, usage}; PUT /tenants/:id/quotas.
// TODO(R1): verify the JWT (JWT_SECRET) and run every query in a transaction with the tenant set.
app.get('/projects', async () => (await pool.query('SELECT id, name FROM projects')).rows);
app.post('/projects', async (request, reply) => {
  const { name } = request.body as { name: string };
  const { rows } = await pool.query('INSERT INTO projects (name) VALUES ($1) RETURNING id, name', [name]);
  return reply.code(201).send(rows[0]);
});
app.get<{ Params: { id: string } }>('/projects/:id', async (request, reply) => {
  const { rows } = await pool.query('SELECT id, name FROM projects WHERE id = $1', [request.params.id]);
  return rows[0] ?? reply.code(404).send({ error: 'not found' });
});
// TODO(R1): PATCH/DELETE /projects/:id, documents and members routes, all tenant-scoped.
// TODO(R3): meter successful tenant requests and documents; GET /tenants/:id/usage; POST /billing/close.
// TODO(R4): audit sensitive actions; GET /audit for tenant admins.
// TODO(B2): TLS_PORT with an SNICallback; TODO(B3): GET /export, POST /import.

await app.listen({ port: Number(process.env.PORT ?? 3000), host: '127.0.0.1' });
