import {
  type FreshDatabase,
  freshDatabase,
  lab,
  type StartedLearnerService,
  startInstance,
} from '../../../../harness/grading/grader-kit.ts';
import { FlagsClient } from './http-client.ts';
import { JWT_SECRET } from './tokens.ts';

/** Instances of the learner's flags service sharing one database and one key prefix. */
export interface FlagsCluster {
  readonly instances: StartedLearnerService[];
  readonly clients: FlagsClient[];
  readonly env: Readonly<Record<string, string>>;
  /** This criterion's KEY_PREFIX (the run's prefix plus the criterion). */
  readonly keyPrefix: string;
  /** Stops every instance, then starts them all again (same ports), and returns the new clients. */
  restartAll(): Promise<FlagsClient[]>;
  stop(): Promise<void>;
}

/**
 * Starts `count` instances on a fresh database, with a KEY_PREFIX of this criterion's own: criteria
 * run two at a time on one Redis and must not see each other's keys.
 */
export async function startFlags(
  criterionId: string,
  count: number,
  overrides: Readonly<Record<string, string>> = {},
): Promise<FlagsCluster> {
  const db: FreshDatabase = await freshDatabase(criterionId);
  const keyPrefix = `${lab().env.KEY_PREFIX ?? 'lab:'}${criterionId}:`;
  const env = {
    JWT_SECRET,
    CACHE_TTL_SECONDS: '3',
    ...overrides,
    DATABASE_URL: db.url,
    KEY_PREFIX: keyPrefix,
  };
  const instances: StartedLearnerService[] = [];
  try {
    // One at a time: on a 2-core machine several tsx start-ups at once only slow each other down.
    for (let i = 0; i < count; i++) {
      instances.push(
        await startInstance(`${criterionId}-${String.fromCharCode(97 + i)}`, env, { readyTimeoutMs: 45_000 }),
      );
    }
  } catch (error) {
    await Promise.all(instances.map((i) => i.stop().catch(() => {})));
    await db.drop();
    throw error;
  }
  const clients = instances.map((i) => new FlagsClient(i.url));
  return {
    instances,
    clients,
    env,
    keyPrefix,
    async restartAll() {
      // All stopped first, then started together: no instance can hand a restarted one its state.
      const stopped = await Promise.all(instances.map((i) => i.stop()));
      const restarted = await Promise.all(stopped.map((s) => s.start()));
      restarted.forEach((instance, i) => {
        instances[i] = instance;
        clients[i] = new FlagsClient(instance.url);
      });
      return clients;
    },
    async stop() {
      await Promise.all(instances.map((i) => i.stop().catch(() => {})));
      await db.drop();
    },
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
