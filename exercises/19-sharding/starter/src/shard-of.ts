/**
 * Which shard a key lives on.
 * TODO(R1): this is hash mod N over a weak hash (a sum of char codes): anagrams collide, and adding a
 * shard moves almost every key. Replace it with consistent hashing (a ring of virtual nodes).
 */
export function shardOf(key: string, shards: readonly string[]): string {
  let sum = 0;
  for (const char of key) sum += char.charCodeAt(0);
  return shards[sum % shards.length] as string;
}
