import { parseArgs } from 'node:util';

/** What to replay: a time window of record timestamps, or an offset range of one partition. */
export type ReplayWindow =
  | { kind: 'time'; fromMs: number; toMs: number }
  | { kind: 'offsets'; partition: number; fromOffset: bigint; toOffset: bigint };

export class UsageError extends Error {}

const USAGE = 'usage: backfill --from-time ISO --to-time ISO | backfill --partition P --from-offset A --to-offset B';

function time(name: string, value: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms))
    throw new UsageError(`--${name} ${value} is not an ISO-8601 time (e.g. 2024-05-01T12:00:00Z); ${USAGE}`);
  return ms;
}

function whole(name: string, value: string): bigint {
  if (!/^\d+$/.test(value)) throw new UsageError(`--${name} ${value} is not a non-negative integer; ${USAGE}`);
  return BigInt(value);
}

/** Times: records whose Kafka timestamp t satisfies from ≤ t < to. Offsets: A ≤ offset < B. */
export function parseBackfillArgs(args: string[]): ReplayWindow {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        'from-time': { type: 'string' },
        'to-time': { type: 'string' },
        partition: { type: 'string' },
        'from-offset': { type: 'string' },
        'to-offset': { type: 'string' },
      },
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}; ${USAGE}`);
  }
  const from = values['from-time'];
  const to = values['to-time'];
  if (from !== undefined || to !== undefined) {
    if (from === undefined || to === undefined) throw new UsageError(`give both --from-time and --to-time; ${USAGE}`);
    const window = { kind: 'time' as const, fromMs: time('from-time', from), toMs: time('to-time', to) };
    if (window.toMs <= window.fromMs) throw new UsageError(`--to-time must be after --from-time; ${USAGE}`);
    return window;
  }
  const { partition, 'from-offset': a, 'to-offset': b } = values;
  if (partition === undefined || a === undefined || b === undefined) throw new UsageError(USAGE);
  const window = {
    kind: 'offsets' as const,
    partition: Number(whole('partition', partition)),
    fromOffset: whole('from-offset', a),
    toOffset: whole('to-offset', b),
  };
  if (window.toOffset <= window.fromOffset) throw new UsageError(`--to-offset must be above --from-offset; ${USAGE}`);
  return window;
}
