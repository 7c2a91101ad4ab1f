import {
  type FreshDatabase,
  freshDatabase,
  type StartedLearnerService,
  startInstance,
} from '../../../../harness/grading/grader-kit.ts';
import { SaasClient } from './http-client.ts';
import { APP_DB_PASSWORD, JWT_SECRET, PLATFORM_TOKEN } from './secrets.ts';

/** One instance of the learner's service on a database of this criterion's own. */
export interface Saas {
  readonly api: SaasClient;
  readonly instance: StartedLearnerService;
  /** The owner (superuser) URL of this criterion's database: the grader's own view of the truth. */
  readonly databaseUrl: string;
  readonly env: Readonly<Record<string, string>>;
  stop(): Promise<void>;
}

export async function startSaas(criterionId: string, overrides: Readonly<Record<string, string>> = {}): Promise<Saas> {
  const db: FreshDatabase = await freshDatabase(criterionId);
  const env = {
    PLATFORM_TOKEN,
    JWT_SECRET,
    APP_DB_PASSWORD,
    // Nobody listens here unless a criterion (R3) brings its own billing endpoint.
    BILLING_WEBHOOK_URL: 'http://127.0.0.1:9/billing',
    ...overrides,
    DATABASE_URL: db.url,
  };
  let instance: StartedLearnerService;
  try {
    instance = await startInstance(criterionId, env, { readyTimeoutMs: 60_000 });
  } catch (error) {
    await db.drop();
    throw error;
  }
  return {
    api: new SaasClient(instance.url),
    instance,
    databaseUrl: db.url,
    env,
    async stop() {
      await instance.stop().catch(() => {});
      await db.drop();
    },
  };
}
