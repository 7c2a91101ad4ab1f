import type { Redis } from 'ioredis';

/** PTTL and value of the lock key at one moment (PTTL -2: no key, -1: a key with no expiry). */
export interface PttlSample {
  readonly atMs: number;
  readonly pttl: number;
  readonly value: string | null;
}

/** Reads PTTL and the value of `key` every `everyMs` until stop() is called. */
export function samplePttl(redis: Redis, key: string, everyMs = 20) {
  const samples: PttlSample[] = [];
  const started = performance.now();
  let running = true;
  const loop = (async () => {
    while (running) {
      const [[, pttl], [, value]] = (await redis.multi().pttl(key).get(key).exec()) as [
        [unknown, number],
        [unknown, string | null],
      ];
      samples.push({ atMs: Math.round(performance.now() - started), pttl, value });
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    samples,
    async stop(): Promise<PttlSample[]> {
      running = false;
      await loop;
      return samples;
    },
  };
}
