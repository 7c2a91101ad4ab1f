import { committedOffsets, highWatermarks } from './grader-kafka.ts';
import { countEvents } from './grader-sql.ts';
import { sleep } from './wait-for.ts';

/** How far the sink got: rows in the events table, and whether the group committed up to the end. */
export interface SinkProgress {
  readonly rows: number;
  readonly caughtUp: boolean;
  /** Per partition: committed / end offset. */
  readonly offsets: string;
}

export async function sinkProgress(dbUrl: string, group: string, topic: string): Promise<SinkProgress> {
  const [rows, ends, committed] = await Promise.all([
    countEvents(dbUrl),
    highWatermarks(topic),
    committedOffsets(group, topic),
  ]);
  const caughtUp = [...ends].every(([partition, end]) => end === 0 || committed.get(partition) === end);
  const offsets = [...ends].map(([p, end]) => `p${p} ${committed.get(p) ?? -1}/${end}`).join(', ');
  return { rows, caughtUp, offsets };
}

/** How long waitForSink waits before it gives up on a sink that does not move at all. */
export interface SinkWait {
  readonly timeoutMs: number;
  /** Once the group committed everything, the row count must stand still this long to be final. */
  readonly settleMs?: number;
  /**
   * Neither rows nor committed offsets moved for this long: the consumer is not working, stop waiting.
   * After a SIGKILL keep it above a default session timeout (kafkajs: 30 s), which a rebalance may wait out.
   */
  readonly stallMs?: number;
}

/**
 * Waits until the sink holds `expected` rows, or the group committed everything and the row count
 * stood still for `settleMs` (a consumer that lost events never gets further: fail fast then), or
 * nothing moved for `stallMs` (a consumer that does nothing: a starter).
 */
export async function waitForSink(
  dbUrl: string,
  group: string,
  topic: string,
  expected: number,
  wait: SinkWait,
): Promise<SinkProgress> {
  const { timeoutMs, settleMs = 6_000, stallMs = 45_000 } = wait;
  const deadline = performance.now() + timeoutMs;
  let progress = await sinkProgress(dbUrl, group, topic);
  let stillSince = performance.now();
  let movedAt = performance.now();
  let last = `${progress.rows} ${progress.offsets}`;
  while (progress.rows < expected && performance.now() < deadline) {
    if (progress.caughtUp && performance.now() - stillSince >= settleMs) break;
    if (performance.now() - movedAt >= stallMs) break;
    await sleep(1_000);
    const before = progress;
    progress = await sinkProgress(dbUrl, group, topic);
    if (progress.rows !== before.rows || !progress.caughtUp) stillSince = performance.now();
    const now = `${progress.rows} ${progress.offsets}`;
    if (now !== last) movedAt = performance.now();
    last = now;
  }
  return progress;
}
