import type { NamedQuery } from './parse-cli.ts';
import type { FileEntry, Snapshot } from './snapshot.ts';

/**
 * The only files a query may open. Date queries keep the partitions inside the range; id queries
 * keep the files whose [min, max] event_id overlaps the range. Nothing else is ever read, so a
 * broken or missing file elsewhere in the lake cannot affect the answer.
 */
export function pruneFiles(snapshot: Snapshot, query: NamedQuery): FileEntry[] {
  if (query.name === 'events_by_id') {
    const { minId, maxId } = query;
    return snapshot.files.filter(({ stats }) => stats.event_id.max >= minId && stats.event_id.min <= maxId);
  }
  const { from, to } = query;
  // ISO dates compare as strings.
  return snapshot.files.filter(({ partition }) => partition.date >= from && partition.date <= to);
}
