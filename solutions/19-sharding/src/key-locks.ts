/**
 * In-process locks on keys: a DELETE during a move and the mover's copy of the same key never
 * interleave (otherwise a copy read before the delete could bring the key back).
 */
export class KeyLocks {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(keys: readonly string[], fn: () => Promise<T>): Promise<T> {
    const sorted = [...new Set(keys)].sort();
    const waits = sorted.map((k) => this.tails.get(k) ?? Promise.resolve());
    let release = () => {};
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    for (const k of sorted) this.tails.set(k, mine);
    await Promise.all(waits);
    try {
      return await fn();
    } finally {
      release();
      for (const k of sorted) if (this.tails.get(k) === mine) this.tails.delete(k);
    }
  }
}
