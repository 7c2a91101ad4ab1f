import { centsOf, type PipelineEvent } from './events.ts';

/** One tumbling window of one type, as the grader computes it. */
export interface WindowCount {
  readonly events: number;
  readonly amountCents: number;
}

/** The grader's own event-time computation over a stream in arrival order (B2's contract). */
export function computeWindows(stream: readonly PipelineEvent[], windowSeconds: number, latenessSeconds: number) {
  const size = windowSeconds * 1000;
  const windows = new Map<string, WindowCount>();
  const late: PipelineEvent[] = [];
  let maxSeen = Number.NEGATIVE_INFINITY;
  for (const event of stream) {
    const at = Date.parse(event.occurred_at);
    const start = Math.floor(at / size) * size;
    if (start + size <= maxSeen - latenessSeconds * 1000) {
      late.push(event);
      continue;
    }
    const key = `${new Date(start).toISOString()} ${event.type}`;
    const before = windows.get(key) ?? { events: 0, amountCents: 0 };
    windows.set(key, {
      events: before.events + 1,
      amountCents: before.amountCents + (event.amount === undefined ? 0 : centsOf(event.amount)),
    });
    maxSeen = Math.max(maxSeen, at);
  }
  const watermark = maxSeen - latenessSeconds * 1000;
  const final = new Map(
    [...windows]
      .filter(([key]) => Date.parse(key.split(' ')[0] ?? '') + size <= watermark)
      .sort(([a], [b]) => a.localeCompare(b)),
  );
  return { final, late };
}
