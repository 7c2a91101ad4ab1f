import { lab, type StartedLearnerService, startInstance } from '../../../../harness/grading/grader-kit.ts';
import { LOCK_TTL_MS, WORKERS } from './lock-settings.ts';

/** The Redis key prefix of one criterion: its report and keys see only its own workers' statistics. */
export const criterionPrefix = (criterionId: string): string => `${lab().env.KEY_PREFIX ?? ''}${criterionId}:`;

/** The contract: lock `name` lives at `<KEY_PREFIX>lock:<name>`. */
export const lockKey = (prefix: string, name: string): string => `${prefix}lock:${name}`;

/** Env of every worker of a criterion (each instance adds its own WORKER_ID and PORT). */
export function workerEnv(prefix: string, resourceUrl: string, extra: Record<string, string> = {}) {
  return { KEY_PREFIX: prefix, RESOURCE_URL: resourceUrl, LOCK_TTL_MS: String(LOCK_TTL_MS), ...extra };
}

/** Starts `count` instances `w1…wN` at once, each with WORKER_ID = its name. */
export function startWorkers(env: Record<string, string>, count = WORKERS): Promise<StartedLearnerService[]> {
  return Promise.all(
    Array.from({ length: count }, (_, i) => startInstance(`w${i + 1}`, { ...env, WORKER_ID: `w${i + 1}` })),
  );
}

/** Stops every worker still running (a killed one is already gone). */
export async function stopWorkers(workers: readonly StartedLearnerService[] | undefined): Promise<void> {
  await Promise.all((workers ?? []).map((w) => w.stop().catch(() => undefined)));
}
