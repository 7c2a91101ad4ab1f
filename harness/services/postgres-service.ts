import { LabError } from '../errors.ts';
import { redactUrl } from './redact-url.ts';
import { containerOf, nextStepForServer } from './shared-server.ts';
import { startContainer } from './start-container.ts';
import type { ServiceRun, StartedService } from './started-service.ts';

/**
 * Postgres for one run: a `PostgreSqlContainer` (@testcontainers/postgresql, superuser lab/lab), or a
 * shared server (external from `LAB_DATABASE_URL` — a role allowed to CREATE DATABASE — or a warm
 * container from `lab up` / `lab watch`) that lab neither starts nor stops. Either way the run gets a
 * fresh database `lab_<runId>` and DATABASE_URL points at it; on a shared server it is dropped at stop.
 */
export async function startPostgres(run: ServiceRun): Promise<StartedService> {
  const startedAt = Date.now();
  const database = `lab_${run.runId}`;
  const shared = run.shared;
  if (shared) {
    run.onProgress({ type: 'external', service: 'postgres', url: redactUrl(shared.url), source: shared.source });
    await createDatabase(shared.url, database, shared.source);
    const url = withDatabase(shared.url, database);
    const readyMs = Date.now() - startedAt;
    run.onProgress({ type: 'ready', service: 'postgres', url: redactUrl(url), ms: readyMs });
    return {
      info: { name: 'postgres', mode: shared.mode, url, readyMs, ...containerOf(shared) },
      serverUrl: shared.url,
      env: { DATABASE_URL: url },
      stop: async () => {
        const stoppedAt = Date.now();
        await query(shared.url, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
        await dropRunRoles(shared.url, database);
        run.onProgress({ type: 'dropped', service: 'postgres', ms: Date.now() - stoppedAt });
      },
    };
  }

  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const { Wait } = await import('testcontainers');
  const { container, image, host } = await startContainer(run, 'postgres', 5432, (tag) =>
    new PostgreSqlContainer(tag)
      .withUsername('lab')
      .withPassword('lab')
      .withDatabase('lab')
      // No Docker health check: the module's probes `pg_isready` every 250 ms with a 1 s timeout for
      // the container's whole life, and under load a timed-out probe leaves an orphan that postgres
      // (PID 1) reaps as a crashed backend — it then restarts into recovery mode, mid-grading
      // (docker-library/postgres#1349). Ready instead means: the second "ready" line (the first is
      // the init server's) and the port answering.
      // Docker's way to turn a health check off; testcontainers' type knows only CMD and CMD-SHELL.
      .withHealthCheck({ test: ['NONE'] as unknown as ['CMD'] })
      .withWaitStrategy(
        Wait.forAll([
          Wait.forLogMessage(/database system is ready to accept connections/, 2),
          Wait.forListeningPorts(),
        ]),
      ),
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
    serverUrl: admin,
    env: { DATABASE_URL: url },
    stop: stopContainer,
  };
}

/**
 * Roles are cluster-wide and outlive a dropped database: on a shared server, the roles a program or
 * grader made for this run — named after its database, as the manifests ask (`saas_app_lab_<runId>`,
 * also those of `freshDatabase` databases `lab_<runId>_<suffix>`) — go with it. A role that still
 * owns something elsewhere stays (best effort: the server is not lab's to clean beyond this run).
 */
async function dropRunRoles(adminUrl: string, database: string): Promise<void> {
  await query(
    adminUrl,
    `DO $$ DECLARE r record; BEGIN
       FOR r IN SELECT rolname FROM pg_roles WHERE strpos(rolname, '${database}') > 0 AND rolname <> current_user LOOP
         BEGIN EXECUTE format('DROP ROLE %I', r.rolname); EXCEPTION WHEN others THEN NULL; END;
       END LOOP; END $$`,
  ).catch(() => {});
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
        next: nextStepForServer('postgres', what),
      },
    );
  }
}

/**
 * One statement on a fresh connection (CREATE/DROP DATABASE cannot run inside a pool's transaction).
 * The connect timeout is generous: a busy server (another run's CREATE DATABASE copies the template
 * under the same lock) can take seconds to accept a connection on a 2-core machine.
 */
export async function query(url: string, sql: string): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 20_000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query(sql);
  } finally {
    await client.end().catch(() => {});
  }
}
