import pg from 'pg';
import type { Shard } from './shard-settings.ts';

/** The new shard, slow to accept writes: how long each write-blocking lock is held, and the pause between. */
export const SLOW_WRITES = { holdMs: 400, gapMs: 50 } as const;

export interface SlowWrites {
  /** Lock cycles completed (0 means the kv table never existed while it ran). */
  stop(): Promise<number>;
}

/**
 * Makes a shard slow to accept writes: over and over, the grader holds an EXCLUSIVE lock on its kv
 * table (reads go on, writes wait) for SLOW_WRITES.holdMs. A mover that copies a key before it
 * deletes the original keeps every key readable meanwhile; one that deletes first leaves the keys
 * of a batch on no shard for as long as its copy waits — long enough for reads to see it.
 * Start it before the shard is added: until the service creates kv there, it asks again at once,
 * so the first lock lands before the first copy (a move of a few batches takes well under a second).
 */
export function slowWrites(shard: Shard): SlowWrites {
  let running = true;
  let cycles = 0;
  const loop = (async () => {
    const client = new pg.Client({ connectionString: shard.url, connectionTimeoutMillis: 20_000 });
    client.on('error', () => {});
    await client.connect();
    try {
      while (running) {
        let locked = false;
        try {
          await client.query("begin; set local lock_timeout = '5s'; lock table kv in exclusive mode");
          locked = true;
          await sleep(SLOW_WRITES.holdMs);
          cycles++;
        } catch {
          // No kv table yet (the service creates it when the shard is added): ask again at once.
        } finally {
          await client.query('rollback').catch(() => {});
        }
        if (locked) await sleep(SLOW_WRITES.gapMs);
      }
    } finally {
      await client.end().catch(() => {});
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return cycles;
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
