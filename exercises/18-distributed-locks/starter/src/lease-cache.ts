import type { Redis } from 'ioredis';

/** GET /cache/:key (B1): the origin's value, cached in Redis for CACHE_TTL_MS. */
export function leaseCache(_redis: Redis, _prefix: string, originUrl: string, _cacheTtlMs: number) {
  return async function get(key: string): Promise<{ key: string; value: string; cached: boolean }> {
    // TODO(B1): read the cache first; on a miss take a short lease (SET lease NX PX): the winner asks
    //           the origin and fills the cache for CACHE_TTL_MS, the others wait for the value.
    const res = await fetch(`${originUrl}/${encodeURIComponent(key)}`);
    if (!res.ok) throw new Error(`origin answered ${res.status} for ${key}`);
    const { value } = (await res.json()) as { value: string };
    return { key, value, cached: false };
  };
}
