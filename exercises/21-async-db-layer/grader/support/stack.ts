import { randomBytes } from 'node:crypto';
import {
  freshDatabase,
  lab,
  type ReplicatedPostgres,
  type StartedLearnerService,
  startInstance,
  startReplicatedPostgres,
  startServiceInstance,
} from '../../../../harness/grading/grader-kit.ts';
import { type Api, apiOf } from './api.ts';
import { sql } from './grader-sql.ts';

/** The contract env every criterion starts from; each criterion overrides what it grades. */
export const BASE_ENV = {
  POOL_MAX: '5',
  POOL_ACQUIRE_TIMEOUT_MS: '2000',
  STATEMENT_TIMEOUT_MS: '5000',
  TX_MAX_RETRIES: '10',
  // High unless a criterion grades the breaker: lock waits the grader causes must not open it.
  BREAKER_FAILURE_THRESHOLD: '1000',
  BREAKER_COOLDOWN_MS: '2000',
  MAX_REPLICA_LAG_MS: '1000',
  STATEMENT_CACHE: 'on',
  SLOW_QUERY_MS: '100000',
} as const;

/** One instance of the program on a Postgres of the criterion's own, and the grader's view of it. */
export interface Stack {
  /** The database the program got as DATABASE_URL (its primary), for the grader's own queries. */
  readonly primaryUrl: string;
  readonly app: StartedLearnerService;
  readonly api: Api;
  /** SIGTERM (or after a kill9, nothing) and a new process of the program on the same port. */
  restart(): Promise<void>;
  readonly env: Readonly<Record<string, string>>;
  /** Resolves once reads from DATABASE_REPLICA_URL see every write (at once when it is the primary). */
  waitForReplay(): Promise<void>;
  /** Stops the program and drops what the criterion created. */
  stop(): Promise<void>;
}

/** Starts the program on `dbEnv` and wraps it; `cleanup` runs after the program stopped. */
async function launch(
  name: string,
  dbEnv: Readonly<Record<string, string>>,
  env: Readonly<Record<string, string>>,
  waitForReplay: () => Promise<void>,
  cleanup: () => Promise<void> = async () => {},
): Promise<Stack> {
  const fullEnv = { ...BASE_ENV, ...dbEnv, ...env };
  let app = await startInstance(name, fullEnv, { readyTimeoutMs: 90_000 });
  let api = apiOf(app.url);
  return {
    primaryUrl: dbEnv.DATABASE_URL ?? '',
    env: fullEnv,
    get app() {
      return app;
    },
    get api() {
      return api;
    },
    async restart() {
      app = await app.restart();
      api = apiOf(app.url);
    },
    waitForReplay,
    async stop() {
      await app.stop();
      await cleanup();
    },
  };
}

const atOnce = async () => {};

/** How a criterion on the run's Postgres starts: env on top of BASE_ENV, and work before the program connects. */
export interface RunPostgresOptions {
  readonly env?: Readonly<Record<string, string>>;
  /** Runs on the fresh database (superuser) before the program starts: server settings for it… */
  readonly beforeStart?: (url: string) => Promise<void>;
  /**
   * DATABASE_REPLICA_URL reaches the same database through a read-only role of its own, so the
   * grader can tell the program's primary sessions (role lab) from its replica pool's in pg_stat_activity.
   */
  readonly readerRole?: boolean;
}

/**
 * A fresh database of the criterion's own on the run's `postgres` service (warm across a selftest),
 * given as both DATABASE_URL and DATABASE_REPLICA_URL: the criteria that do not grade the read/write
 * split need no replica, and two criteria run at a time without seeing each other's sessions or locks.
 */
export async function startOnRunPostgres(name: string, options: RunPostgresOptions = {}): Promise<Stack> {
  const db = await freshDatabase(name);
  const database = new URL(db.url).pathname.slice(1);
  const reader = `${database}_reader`;
  const cleanup = async () => {
    await db.drop();
    if (options.readerRole)
      await sql(
        lab().services.find((s) => s.name === 'postgres')?.url ?? db.url,
        `DROP ROLE IF EXISTS "${reader}"`,
      ).catch(() => {});
  };
  try {
    let replicaUrl = db.url;
    if (options.readerRole) {
      const password = randomBytes(12).toString('hex');
      await sql(db.url, `CREATE ROLE "${reader}" LOGIN PASSWORD '${password}'`);
      // Tables the program creates later (as the primary's role) are readable by the reader role.
      await sql(db.url, `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO "${reader}"`);
      const url = new URL(db.url);
      url.username = reader;
      url.password = password;
      replicaUrl = url.toString();
    }
    await options.beforeStart?.(db.url);
    const dbEnv = { DATABASE_URL: db.url, DATABASE_REPLICA_URL: replicaUrl };
    return await launch(name, dbEnv, options.env ?? {}, atOnce, cleanup);
  } catch (error) {
    await cleanup();
    throw error;
  }
}

/**
 * A Postgres container of the criterion's own (R3 pauses it: pausing the run's shared server would
 * freeze the criterion graded beside it). Lab removes it at teardown; `pauseContainer(server)` reaches it.
 */
export async function startOnOwnPostgres(
  name: string,
  env: Readonly<Record<string, string>> = {},
): Promise<Stack & { readonly server: string }> {
  const server = await startServiceInstance('postgres', `${name}-db`);
  const stack = await launch(name, { DATABASE_URL: server.url, DATABASE_REPLICA_URL: server.url }, env, atOnce);
  return Object.assign(stack, { server: server.name });
}

export type ReplicatedStack = Stack & { readonly db: ReplicatedPostgres };

/** A primary with a real streaming replica (R4 grades routing and lag on it), and the program on both. */
export async function startOnReplicatedPostgres(
  name: string,
  env: Readonly<Record<string, string>> = {},
): Promise<ReplicatedStack> {
  const db = await startReplicatedPostgres(name);
  const stack = await launch(name, db.env, env, () => db.waitForReplay());
  return Object.assign(stack, { db });
}
