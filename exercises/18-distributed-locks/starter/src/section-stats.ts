import type { Redis } from 'ioredis';
import { keys } from './config.ts';

/** One critical section as the report sees it. */
export interface SectionRecord {
  readonly worker: string;
  readonly lock: string;
  /** Completed (entered, wrote, exited) or not (timed out, lost the lock, refused). */
  readonly ok: boolean;
  /** From the first attempt to the grant (completed sections only). */
  readonly waitMs?: number;
  /** From the grant to the release (completed sections only). */
  readonly holdMs?: number;
}

/** Kept in Redis, not in memory, so the `report` command sees what every instance did. */
export const recordSection = (redis: Redis, prefix: string, record: SectionRecord) =>
  redis.rpush(keys(prefix).sections, JSON.stringify(record));

export const readSections = async (redis: Redis, prefix: string): Promise<SectionRecord[]> =>
  (await redis.lrange(keys(prefix).sections, 0, -1)).map((line) => JSON.parse(line) as SectionRecord);
