import { lab, type StartedLearnerService, startInstance } from '../../../../harness/grading/grader-kit.ts';

/** The Redis key prefix of one criterion: its keys and channels are its own. */
export const criterionPrefix = (criterionId: string): string => `${lab().env.KEY_PREFIX ?? ''}${criterionId}:`;

/** The contract: item :id is cached in Redis at `<KEY_PREFIX>item:<id>`. */
export const itemKey = (prefix: string, id: string): string => `${prefix}item:${id}`;

/** Settings every instance gets unless a criterion says otherwise: long lifetimes, so nothing expires by accident. */
export const baseEnv = (prefix: string, originUrl: string, extra: Record<string, string> = {}) => ({
  KEY_PREFIX: prefix,
  ORIGIN_URL: originUrl,
  L1_MAX_ENTRIES: '10000',
  L1_TTL_MS: '600000',
  CACHE_TTL_SECONDS: '600',
  STALE_BOUND_MS: '1000',
  WRITE_BACK_FLUSH_MS: '1000',
  CACHE_MODE: 'on',
  ...extra,
});

/** Starts one instance (lab gives it a port below the ephemeral range). */
export const startCacheInstance = (name: string, env: Record<string, string>): Promise<StartedLearnerService> =>
  startInstance(name, env);

/** Starts instances named `a`, `b`, `c`… with the same env, all at once. */
export function startInstances(env: Record<string, string>, count: number): Promise<StartedLearnerService[]> {
  return Promise.all(Array.from({ length: count }, (_, i) => startCacheInstance(String.fromCharCode(97 + i), env)));
}

export async function stopInstances(instances: readonly (StartedLearnerService | undefined)[] | undefined) {
  await Promise.all((instances ?? []).map((i) => i?.stop().catch(() => undefined)));
}

/** The last output lines of some instances, for a failure message. */
export const outputOf = (instances: readonly StartedLearnerService[], lines = 8): string =>
  instances.map((i) => `--- instance ${i.instance} (last lines) ---\n${i.output(lines)}`).join('\n');
