import {
  type FreshDatabase,
  freshDatabase,
  GraderHttpClient,
  type StartedLearnerService,
  startInstance,
} from '../../../../harness/grading/grader-kit.ts';
import { apiEnv, type SeedUser } from './api-env.ts';

/** A running instance of the learner's API on a database of its own. */
export interface RunningApi {
  readonly api: GraderHttpClient;
  readonly instance: StartedLearnerService;
  readonly env: Readonly<Record<string, string>>;
  /** Stops the instance and drops its database. */
  stop(): Promise<void>;
}

/** Starts the contract's `start` command with the grader's env (plus overrides) on a fresh database. */
export async function startApi(name: string, overrides: Readonly<Record<string, string>> = {}): Promise<RunningApi> {
  const db: FreshDatabase = await freshDatabase(name);
  const env = { ...apiEnv(overrides), DATABASE_URL: db.url };
  let instance: StartedLearnerService;
  try {
    instance = await startInstance(name, env, { readyTimeoutMs: 45_000 });
  } catch (error) {
    await db.drop();
    throw error;
  }
  return {
    api: new GraderHttpClient(instance.url),
    instance,
    env,
    stop: async () => {
      await instance.stop().catch(() => {});
      await db.drop();
    },
  };
}

export interface TokenPair {
  readonly access_token: string;
  readonly refresh_token: string;
}

/** Logs in and returns the pair, or fails with what was sent and what came back. */
export async function login(api: GraderHttpClient, user: SeedUser): Promise<TokenPair> {
  const res = await api.post('/v1/auth/login', { body: { username: user.username, password: user.password } });
  const body = res.json as Partial<TokenPair> | undefined;
  if (res.status !== 200 || typeof body?.access_token !== 'string' || typeof body.refresh_token !== 'string') {
    throw new Error(
      `logging in as the seeded ${user.role} must answer 200 {access_token, refresh_token, token_type: "Bearer", expires_in}:\n  ${res.shown}`,
    );
  }
  return { access_token: body.access_token, refresh_token: body.refresh_token };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
