/** The env every criterion gives the service: small pools and a short timeout make both observable. */
export const SHARD_POOL_MAX = 4;
/** R2 kills a shard and times the failures; short, so a missing timeout shows. */
export const SHARD_TIMEOUT_MS = 2000;
/** Where no shard dies: long enough that a loaded 2-core machine never fails a healthy request. */
export const RELAXED_TIMEOUT_MS = 5000;

/** One shard as the service is told about it, and as the grader reads it directly. */
export interface Shard {
  readonly name: string;
  readonly url: string;
}

/** `s1=url,s2=url` as SHARD_URLS wants it. */
export const shardUrls = (shards: readonly Shard[]): string => shards.map((s) => `${s.name}=${s.url}`).join(',');

export const shardEnv = (
  shards: readonly Shard[],
  extra: Record<string, string> = {},
  timeoutMs = RELAXED_TIMEOUT_MS,
): Record<string, string> => ({
  SHARD_URLS: shardUrls(shards),
  SHARD_POOL_MAX: String(SHARD_POOL_MAX),
  SHARD_TIMEOUT_MS: String(timeoutMs),
  ...extra,
});
