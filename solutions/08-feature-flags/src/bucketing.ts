import { createHash } from 'node:crypto';

export const BUCKETS = 10_000;

/**
 * The user's bucket for a flag, 0…9999: the first 32 bits of sha1(`flagKey:userId`). Stable across
 * instances, restarts and versions (never Math.random, never a per-process seed), and different per
 * flag so that one user is not in the first 10 % of every rollout.
 */
export function bucketOf(flagKey: string, userId: string): number {
  const digest = createHash('sha1').update(`${flagKey}:${userId}`).digest();
  return digest.readUInt32BE(0) % BUCKETS;
}

/**
 * Picks a variant of a rollout for a bucket. Variants get cumulative ranges in name order, so
 * growing one variant of a two-variant rollout only adds users to it: nobody already in it moves out.
 */
export function pickFromRollout(rollout: Readonly<Record<string, number>>, bucket: number): string {
  const names = Object.keys(rollout).sort();
  let upper = 0;
  for (const name of names) {
    upper += Math.round((rollout[name] ?? 0) * (BUCKETS / 100));
    if (bucket < upper) return name;
  }
  // Weights sum to 100; rounding can leave the last bucket uncovered.
  return names.filter((name) => (rollout[name] ?? 0) > 0).at(-1) ?? (names.at(-1) as string);
}
