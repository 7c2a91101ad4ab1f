import { LabError } from '../errors.ts';
import { redactUrl } from './redact-url.ts';
import { startContainer } from './start-container.ts';
import type { ServiceRun, StartedService } from './started-service.ts';

/**
 * Postgres for one run: a `PostgreSqlContainer` (@testcontainers/postgresql, superuser lab/lab) or,
 * in external mode, the server of `LAB_DATABASE_URL` (a role allowed to CREATE DATABASE); lab never
 * starts or stops an external server. Either way the run gets a fresh database `lab_<runId>` and
 * DATABASE_URL points at it; in external mode it is dropped at stop.
 */
export async function startPostgres(run: ServiceRun): Promise<StartedService> {
  const startedAt = Date.now();
  const database = `lab_${run.runId}`;
  const external = process.env.LAB_DATABASE_URL?.trim();
  if (external) {
    run.onProgress({ type: 'external', service: 'postgres', url: redactUrl(external) });
    await createDatabase(external, database, 'LAB_DATABASE_URL');
    const url = withDatabase(external, database);
    const readyMs = Date.now() - startedAt;
    run.onProgress({ type: 'ready', service: 'postgres', url: redactUrl(url), ms: readyMs });
    return {
      info: { name: 'postgres', mode: 'external', url, readyMs },
      env: { DATABASE_URL: url },
      stop: async () => {
        const stoppedAt = Date.now();
        await query(external, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
        run.onProgress({ type: 'stopped', service: 'postgres', ms: Date.now() - stoppedAt });
      },
    };
  }

  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const { container, image, host } = await startContainer(run, 'postgres', (tag) =>
    new PostgreSqlContainer(tag).withUsername('lab').withPassword('lab').withDatabase('lab'),
  );
  const stopContainer = async () => {
    const stoppedAt = Date.now();
    await container.stop();
    run.onProgress({ type: 'stopped', service: 'postgres', ms: Date.now() - stoppedAt });
  };
  const admin = `postgres://lab:lab@${host}:${container.getPort()}/lab`;
  try {
    await createDatabase(admin, database, 'the postgres container');
  } catch (error) {
    await stopContainer();
    throw error;
  }
  const url = withDatabase(admin, database);
  const readyMs = Date.now() - startedAt;
  run.onProgress({ type: 'ready', service: 'postgres', url: redactUrl(url), ms: readyMs });
  return {
    info: { name: 'postgres', mode: 'container', url, image, containerId: container.getId(), readyMs },
    env: { DATABASE_URL: url },
    stop: stopContainer,
  };
}

/** The same server and credentials, another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function createDatabase(adminUrl: string, database: string, what: string): Promise<void> {
  try {
    await query(adminUrl, `CREATE DATABASE "${database}"`);
  } catch (error) {
    throw new LabError(
      `Postgres at ${redactUrl(adminUrl)} (${what}) refused CREATE DATABASE ${database}: ${(error as Error).message}`,
      {
        kind: 'environment',
        next:
          what === 'LAB_DATABASE_URL'
            ? 'Start that server, or give LAB_DATABASE_URL a role that may CREATE DATABASE; or unset it to let lab start a container.'
            : "Rebuild lab's image with `lab images build postgres --force`, and check `lab doctor`.",
      },
    );
  }
}

async function query(url: string, sql: string): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query(sql);
  } finally {
    await client.end().catch(() => {});
  }
}
