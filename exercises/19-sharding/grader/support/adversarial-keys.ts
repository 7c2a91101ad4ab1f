/**
 * 100,000 keys chosen to hurt weak shard functions, the same on every run:
 * - 40,000 sequential keys `user:0…` (close strings, which a weak hash clusters);
 * - 30,000 strings of "Aa"/"BB" blocks, which all share one Java String.hashCode;
 * - 30,000 permutations of "abcdefgh", which share length and sum of char codes.
 */
export function adversarialKeys(): string[] {
  const keys: string[] = [];
  for (let i = 0; i < 40_000; i++) keys.push(`user:${i}`);
  for (let i = 0; i < 30_000; i++) {
    let key = '';
    for (let bit = 0; bit < 15; bit++) key += (i >> bit) & 1 ? 'Aa' : 'BB';
    keys.push(key);
  }
  const permutations: string[] = [];
  const permute = (prefix: string, rest: string) => {
    if (permutations.length >= 30_000) return;
    if (rest === '') permutations.push(prefix);
    for (let i = 0; i < rest.length; i++) permute(prefix + rest[i], rest.slice(0, i) + rest.slice(i + 1));
  };
  permute('', 'abcdefgh');
  keys.push(...permutations);
  return keys;
}

/** How many keys each shard holds. */
export function countByShard(assignments: ReadonlyMap<string, string>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const shard of assignments.values()) counts[shard] = (counts[shard] ?? 0) + 1;
  return counts;
}
