/**
 * Versions of writes: microseconds since the epoch, strictly increasing within this process, so a
 * copy made by the mover (an older version) can be told from a newer write.
 */
let last = 0n;

export function nextVersion(): bigint {
  const now = BigInt(Date.now()) * 1000n;
  last = now > last ? now : last + 1n;
  return last;
}
