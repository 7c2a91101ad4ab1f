/**
 * A Postgres primary with a real streaming replica, started for one run (projects 21 and 19): the
 * replica is a `pg_basebackup` of the primary over Docker's bridge network (a legacy link names the
 * primary `primary` inside the replica) and replays its WAL with hot_standby on, so graders can read
 * from it, pause its replay and watch the lag grow. Both containers are in the run's fault ledger
 * before they exist and carry the run's labels: teardown (undo-faults) removes them like any
 * `startServiceInstance` container.
 */
import { dirname } from 'node:path';
import { inject } from 'vitest';
import { type ContainerFaultResult, containerFault } from '../faults/container-faults.ts';
import { recordFault } from '../faults/fault-ledger.ts';
import type { LabRunContext } from '../grading/run-context.ts';
import { freePort } from '../learner/free-port.ts';
import { chooseImage } from './choose-image.ts';
import { managedLabels } from './container-runtime.ts';
import { docker } from './docker-cli.ts';
import { imageSpec } from './image-catalog.ts';
import { withDatabase } from './postgres-service.ts';
import type { ServiceInfo } from './started-service.ts';

/** Extra `postgres` server settings, e.g. `{ log_min_duration_statement: '0' }` to see executions in the log. */
export type ServerSettings = Readonly<Record<string, string>>;

export interface ReplicatedPostgresOptions {
  /** Settings of the primary (`-c name=value`); the replica gets them too, plus hot_standby. */
  readonly settings?: ServerSettings;
  readonly startupTimeoutMs?: number;
}

/** One container of the topology, with the faults graders cause on it (all recorded in the ledger). */
export interface PostgresNode {
  /** Its name in the run (`<name>-primary`, `<name>-replica`), also its container's service label. */
  readonly name: string;
  /** The shared database on this server, as the program receives it (superuser lab/lab). */
  readonly url: string;
  /** The same server's `postgres` database, for a grader's own admin queries. */
  readonly adminUrl: string;
  readonly info: ServiceInfo;
  pause(): Promise<ContainerFaultResult>;
  unpause(): Promise<ContainerFaultResult>;
  stop(): Promise<ContainerFaultResult>;
  start(): Promise<ContainerFaultResult>;
  /** The container's log (`docker logs`), where the server writes what `settings` asked it to log. */
  logs(): Promise<string>;
}

export interface ReplicatedPostgres {
  readonly primary: PostgresNode;
  readonly replica: PostgresNode;
  /** What a program gets: DATABASE_URL (primary) and DATABASE_REPLICA_URL (replica), one database on both. */
  readonly env: Readonly<Record<string, string>>;
  /** `pg_wal_replay_pause()` on the replica: WAL still arrives, nothing of it becomes visible. */
  pauseReplay(): Promise<void>;
  resumeReplay(): Promise<void>;
  /** Seconds since the last replayed transaction's commit, 0 when the replica has replayed all it received. */
  replayLagSeconds(): Promise<number>;
  /** Bytes of WAL the primary has written that the replica has not replayed. */
  replayLagBytes(): Promise<number>;
  /** Resolves once the replica has replayed everything the primary wrote so far. */
  waitForReplay(timeoutMs?: number): Promise<void>;
}

/** What a topology needs of its run: its id (labels, database name) and folder (the fault ledger). */
export interface TopologyRun {
  readonly runId: string;
  readonly runDir: string;
}

/** In a grader file: the topology for this run, named `name` (unique in the run). */
export function startReplicatedPostgres(
  name: string,
  options: ReplicatedPostgresOptions = {},
): Promise<ReplicatedPostgres> {
  const ctx = inject('lab') as LabRunContext;
  return startReplicatedPostgresFor({ runId: ctx.runId, runDir: dirname(ctx.pidDir) }, name, options);
}

const USER = 'lab';
const PASSWORD = 'lab';

/** The primary's init script: allow replication connections with the same password auth as the rest. */
const PRIMARY_SCRIPT = `set -e
cat >/docker-entrypoint-initdb.d/10-replication.sh <<'EOF'
echo 'host replication all all scram-sha-256' >>"$PGDATA/pg_hba.conf"
EOF
exec docker-entrypoint.sh "$@"`;

/** The replica copies the primary (retrying until it answers), marks itself a standby (-R), then starts. */
const REPLICA_SCRIPT = `set -e
until pg_basebackup -h primary -U ${USER} -D "$PGDATA" -R -X stream -c fast; do
  rm -rf "$PGDATA"/* ; sleep 0.5
done
exec docker-entrypoint.sh "$@"`;

export async function startReplicatedPostgresFor(
  run: TopologyRun,
  name: string,
  options: ReplicatedPostgresOptions = {},
): Promise<ReplicatedPostgres> {
  const timeoutMs = options.startupTimeoutMs ?? 120_000;
  const spec = imageSpec('postgres');
  const image = (await chooseImage(spec, imageExists)).image;
  const database = `lab_${run.runId}`;
  const args = Object.entries(options.settings ?? {}).flatMap(([key, value]) => ['-c', `${key}=${value}`]);
  const primaryName = `${name}-primary`;
  const replicaName = `${name}-replica`;
  const primaryContainer = `lab-${run.runId}-${primaryName}`;
  // In the ledger before they exist: a grader killed during start-up leaves nothing behind.
  recordFault(run.runDir, { kind: 'service-instance', service: primaryName, runId: run.runId });
  recordFault(run.runDir, { kind: 'service-instance', service: replicaName, runId: run.runId });

  const startedAt = Date.now();
  const primary = await runContainer(run, primaryName, [
    ...['--name', primaryContainer, '-e', `POSTGRES_USER=${USER}`, '-e', `POSTGRES_PASSWORD=${PASSWORD}`],
    ...['--entrypoint', 'bash', image, '-c', PRIMARY_SCRIPT, 'bash', 'postgres', ...args],
  ]);
  const primaryAdmin = `postgres://${USER}:${PASSWORD}@127.0.0.1:${primary.port}/postgres`;
  await waitForServer(primaryAdmin, primaryName, primary.id, startedAt + timeoutMs);
  // Created before the base backup, so the replica has it from its first second.
  await sql(primaryAdmin, `CREATE DATABASE "${database}"`);

  const replica = await runContainer(run, replicaName, [
    ...['--link', `${primaryContainer}:primary`, '-e', `PGPASSWORD=${PASSWORD}`],
    ...['--entrypoint', 'bash', image, '-c', REPLICA_SCRIPT, 'bash', 'postgres', '-c', 'hot_standby=on', ...args],
  ]);
  const replicaAdmin = `postgres://${USER}:${PASSWORD}@127.0.0.1:${replica.port}/postgres`;
  await waitForServer(replicaAdmin, replicaName, replica.id, startedAt + timeoutMs);
  const readyMs = Date.now() - startedAt;

  const node = (nodeName: string, container: StartedContainer, adminUrl: string): PostgresNode => {
    const url = withDatabase(adminUrl, database);
    const info: ServiceInfo = { name: 'postgres', mode: 'container', url, image, containerId: container.id, readyMs };
    return {
      name: nodeName,
      url,
      adminUrl,
      info,
      pause: () => containerFault(run.runDir, info, 'pause'),
      unpause: () => containerFault(run.runDir, info, 'unpause'),
      stop: () => containerFault(run.runDir, info, 'stop'),
      start: () => containerFault(run.runDir, info, 'start'),
      logs: () => dockerLogs(container.id),
    };
  };
  const primaryNode = node(primaryName, primary, primaryAdmin);
  const replicaNode = node(replicaName, replica, replicaAdmin);
  const replayLagBytes = async () => {
    const [current] = await sql(primaryAdmin, 'SELECT pg_current_wal_lsn()::text AS lsn');
    const [lag] = await sql(replicaAdmin, 'SELECT pg_wal_lsn_diff($1, pg_last_wal_replay_lsn())::float8 AS bytes', [
      current?.lsn,
    ]);
    return Math.max(0, Number(lag?.bytes ?? 0));
  };
  return {
    primary: primaryNode,
    replica: replicaNode,
    env: { DATABASE_URL: primaryNode.url, DATABASE_REPLICA_URL: replicaNode.url },
    pauseReplay: async () => void (await sql(replicaAdmin, 'SELECT pg_wal_replay_pause()')),
    resumeReplay: async () => void (await sql(replicaAdmin, 'SELECT pg_wal_replay_resume()')),
    replayLagSeconds: async () => {
      const [row] = await sql(
        replicaAdmin,
        `SELECT CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
           ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0) END::float8 AS seconds`,
      );
      return Number(row?.seconds ?? 0);
    },
    replayLagBytes,
    waitForReplay: async (waitMs = 15_000) => {
      const deadline = Date.now() + waitMs;
      while ((await replayLagBytes()) > 0) {
        if (Date.now() > deadline)
          throw new Error(`${replicaName} did not catch up with ${primaryName} in ${waitMs} ms`);
        await sleep(50);
      }
    },
  };
}

interface StartedContainer {
  readonly id: string;
  readonly port: number;
}

async function runContainer(run: TopologyRun, name: string, args: readonly string[]): Promise<StartedContainer> {
  const port = await freePort();
  const labels = Object.entries(managedLabels(run.runId, name)).flatMap(([k, v]) => ['--label', `${k}=${v}`]);
  const id = (await docker(['run', '-d', ...labels, '-p', `127.0.0.1:${port}:5432`, ...args])).trim();
  return { id, port };
}

const imageExists = async (image: string): Promise<boolean> =>
  docker(['image', 'inspect', image]).then(
    () => true,
    () => false,
  );

const dockerLogs = (id: string): Promise<string> =>
  new Promise((resolve, reject) => {
    import('node:child_process').then(({ execFile }) =>
      execFile('docker', ['logs', id], { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
        error ? reject(error) : resolve(stdout + stderr),
      ),
    );
  });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until the server accepts a query (the entrypoint's first, socket-only server never answers on TCP). */
async function waitForServer(url: string, name: string, id: string, deadline: number): Promise<void> {
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      await sql(url, 'SELECT 1');
      return;
    } catch (error) {
      last = error;
      await sleep(200);
    }
  }
  const tail = (await dockerLogs(id).catch(() => '')).trim().split('\n').slice(-15).join('\n  ');
  throw new Error(
    `the ${name} container did not accept connections in time (${(last as Error)?.message}); its log:\n  ${tail}`,
  );
}

/** One statement on a fresh connection. */
export async function sql(url: string, text: string, values: unknown[] = []): Promise<Record<string, unknown>[]> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  client.on('error', () => {});
  try {
    await client.connect();
    return (await client.query(text, values)).rows;
  } finally {
    await client.end().catch(() => {});
  }
}
