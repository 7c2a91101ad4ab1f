import { describe, expect, it } from 'vitest';
import { pruneFiles } from '../../src/prune-files.ts';
import type { FileEntry, Snapshot } from '../../src/snapshot.ts';

const file = (date: string, minId: number, maxId: number): FileEntry => ({
  path: `data/date=${date}/part-0.parquet`,
  partition: { date },
  rows: maxId - minId + 1,
  bytes: 1000,
  stats: {
    event_id: { min: minId, max: maxId },
    event_time: { min: `${date}T00:00:00Z`, max: `${date}T23:59:59Z` },
    amount: { min: 1, max: 99 },
  },
});
const snapshot: Snapshot = {
  version: 0,
  files: [file('2024-01-01', 1, 100), file('2024-01-02', 101, 200), file('2024-01-03', 201, 300)],
};
const dates = (files: FileEntry[]) => files.map((f) => f.partition.date);

describe('pruneFiles', () => {
  it('keeps only the partitions inside a date range, both ends included', () => {
    expect(dates(pruneFiles(snapshot, { name: 'daily_revenue', from: '2024-01-02', to: '2024-01-03' }))).toEqual([
      '2024-01-02',
      '2024-01-03',
    ]);
  });

  it('keeps nothing for a range outside the table', () => {
    expect(pruneFiles(snapshot, { name: 'country_mix', from: '2023-01-01', to: '2023-12-31' })).toEqual([]);
  });

  it('keeps the files whose event_id range overlaps the query, touching ends included', () => {
    expect(dates(pruneFiles(snapshot, { name: 'events_by_id', minId: 100, maxId: 101 }))).toEqual([
      '2024-01-01',
      '2024-01-02',
    ]);
  });
});
