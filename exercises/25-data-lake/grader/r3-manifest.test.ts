import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { criterion } from '../../../harness/grading/grader-kit.ts';
import { csvEvents } from './support/csv-events.ts';
import { eventSets } from './support/event-sets.ts';
import { expectedRows } from './support/expected-rows.ts';
import { generateEvents } from './support/generate-events.ts';
import { type Ingested, ingestLake } from './support/ingest-lake.ts';
import { lakeQuery } from './support/lake-query.ts';
import { newLakeDir } from './support/new-lake-dir.ts';
import { type DuckDb, openDuckDb } from './support/open-duck-db.ts';
import { overwriteWithGarbage } from './support/overwrite-with-garbage.ts';
import { parseInstant } from './support/parse-instant.ts';
import { partitionOf } from './support/partition-of.ts';
import { type FileFacts, readFileFacts } from './support/read-file-facts.ts';
import { type ManifestFile, readManifest } from './support/read-manifest.ts';

const iso = (ms: number) => new Date(ms).toISOString();
const instant = (value: string) => {
  const ms = parseInstant(value);
  return ms === undefined ? `not an ISO 8601 UTC timestamp: ${JSON.stringify(value)}` : iso(ms);
};

/** The facts of one file, in the same shape whether the manifest claims them or lab reads them. */
const claimed = (entry: ManifestFile) => ({
  partition: entry.partition.date,
  rows: entry.rows,
  bytes: entry.bytes,
  event_id: [entry.stats.event_id.min, entry.stats.event_id.max],
  event_time: [instant(entry.stats.event_time.min), instant(entry.stats.event_time.max)],
  amount: [entry.stats.amount.min, entry.stats.amount.max],
});
const real = (path: string, bytes: number, facts: FileFacts) => ({
  partition: partitionOf(path) ?? '(not in a data/date=… folder)',
  rows: facts.rows,
  bytes,
  event_id: [facts.minEventId, facts.maxEventId],
  event_time: [iso(facts.minEventTime), iso(facts.maxEventTime)],
  amount: [facts.minAmount, facts.maxAmount],
});

criterion('R3', 'Statistics & manifest', () => {
  let db: DuckDb;
  let csv: string;
  let lake: string;
  let ingest: Ingested;
  let files: string[];
  let facts: Map<string, FileFacts>;

  beforeAll(async () => {
    db = await openDuckDb();
    csv = generateEvents(eventSets.small);
    lake = newLakeDir('r3-lake');
    ingest = await ingestLake(csv, lake);
    files = ingest.files;
    if (files.length < 2)
      throw new Error(
        `${ingest.command}\nwrote ${files.length} *.parquet files under ${lake}; expected one or more per date`,
      );
    facts = await readFileFacts(db, lake, files);
  });
  afterAll(() => db?.close());

  test('_manifest.json lists exactly the data files of the lake', () => {
    const listed = readManifest(join(lake, '_manifest.json')).files.map((entry) => entry.path);
    expect(
      [...listed].sort(),
      `${ingest.command}\n_manifest.json "files[].path" must list every *.parquet file of the lake, once, relative to the lake (Expected: the files lab found; Received: your manifest's paths)`,
    ).toEqual(files);
  });

  test("each entry's rows, bytes and min/max of event_id, event_time and amount match its file", () => {
    const entries = readManifest(join(lake, '_manifest.json')).files.filter((entry) => facts.has(entry.path));
    expect(entries.length, `${ingest.command}\n_manifest.json lists none of the data files`).toBeGreaterThan(0);
    const claims = Object.fromEntries(entries.map((entry) => [entry.path, claimed(entry)]));
    const truth = Object.fromEntries(
      entries.map((entry) => [
        entry.path,
        real(entry.path, statSync(join(lake, entry.path)).size, facts.get(entry.path) as FileFacts),
      ]),
    );
    expect(
      claims,
      `${ingest.command}\n_manifest.json disagrees with the files themselves (Expected: what lab reads from each file; Received: what your manifest says)`,
    ).toEqual(truth);
  });

  // These two break the lake, so they come last; the second keeps only the file the first range starts in.
  test('events_by_id skips files by their statistics: a range across two files works when all other files are unreadable', async () => {
    const [first, second] = middleFiles();
    await expectEventsById(await realId(between(first), 'up'), await realId(between(second), 'down'));
  });

  test('events_by_id skips files by their statistics: a range inside one file works when all other files are unreadable', async () => {
    const [file] = middleFiles();
    const { minEventId: min, maxEventId: max } = facts.get(file) as FileFacts;
    const quarter = Math.floor((max - min) / 4);
    await expectEventsById(await realId(min + quarter, 'up'), await realId(max - quarter, 'down'));
  });

  /** Two files next to each other in event_id order, in the middle of the lake. */
  const middleFiles = (): [string, string] => {
    const byId = [...facts].filter(([, f]) => f.rows > 0).sort(([, a], [, b]) => a.minEventId - b.minEventId);
    const index = Math.min(Math.floor(byId.length / 2), byId.length - 2);
    return [byId[index]?.[0] as string, byId[index + 1]?.[0] as string];
  };
  const between = (file: string) => {
    const { minEventId, maxEventId } = facts.get(file) as FileFacts;
    return Math.floor((minEventId + maxEventId) / 2);
  };
  /** An event_id that exists in the CSV, at or after (up) or before (down) a value: bounds are inclusive. */
  const realId = async (value: number, direction: 'up' | 'down') => {
    const pick =
      direction === 'up'
        ? `min(event_id) FILTER (WHERE event_id >= ${value})`
        : `max(event_id) FILTER (WHERE event_id <= ${value})`;
    return (await db.one<{ id: number }>(`SELECT ${pick}::DOUBLE AS id FROM ${csvEvents(csv)}`)).id;
  };

  async function expectEventsById(minId: number, maxId: number) {
    const misses = files.filter((file) => {
      const f = facts.get(file) as FileFacts;
      return f.rows === 0 || f.maxEventId < minId || f.minEventId > maxId;
    });
    expect(misses.length, 'lab could not find files outside the id range (is every row in one file?)').toBeGreaterThan(
      0,
    );
    for (const file of misses)
      overwriteWithGarbage(
        join(lake, file),
        `R3 asked events_by_id for ${minId}..${maxId}, outside this file's event_id range`,
      );
    const query = { name: 'events_by_id', minId, maxId } as const;
    const context = `lab overwrote with garbage the ${misses.length} of ${files.length} data files whose event_id range misses ${minId}..${maxId}, then asked for ${minId}..${maxId}`;
    const expected = await expectedRows(db, csvEvents(csv), query);
    const answer = await lakeQuery(lake, query, { context });
    expect(answer.rows, `${context}:\n${answer.command}\n(expected: computed by lab from the CSV)`).toEqual(expected);
  }
});
