import { afterAll, beforeAll, expect, test } from 'vitest';
import { criterion } from '../../../harness/grading/grader-kit.ts';
import { csvEvents } from './support/csv-events.ts';
import { eventSets } from './support/event-sets.ts';
import { generateEvents } from './support/generate-events.ts';
import { type Ingested, ingestLake } from './support/ingest-lake.ts';
import { newLakeDir } from './support/new-lake-dir.ts';
import { type DuckDb, openDuckDb } from './support/open-duck-db.ts';
import { type Box, type RowGroupCount, rowGroupsToRead } from './support/row-groups-to-read.ts';

// Not a multiple of DuckDB's vector size (2048) on purpose: DuckDB rounds ROW_GROUP_SIZE up to whole
// vectors (5000 gives 6144-row groups), and the contract says the option caps row groups at N rows.
const ROW_GROUP_SIZE = 5000;
/** About 2% of the rows by customer, 10% by quantity; customers are random in the CSV, not sorted. */
const BOX: Box = { customers: [1000, 1100], quantities: [7, 8] };
const box = `customer_id BETWEEN ${BOX.customers.join(' AND ')} AND quantity BETWEEN ${BOX.quantities.join(' AND ')}`;

interface Written {
  readonly ingest: Ingested;
  readonly groups: RowGroupCount;
}

criterion('B2', 'Z-order/clustered writes', () => {
  let db: DuckDb;
  let csvRows: number;
  let plain: Written;
  let clustered: Written;

  beforeAll(async () => {
    db = await openDuckDb();
    const csv = generateEvents(eventSets.clustering);
    const inBox = await db.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${csvEvents(csv)} WHERE ${box}`);
    if (inBox.n === 0) throw new Error(`grader error: no row of ${csv} matches ${box}`);
    csvRows = eventSets.clustering.rows;
    const write = async (label: string, extra: string[]): Promise<Written> => {
      const lake = newLakeDir(label);
      const ingest = await ingestLake(csv, lake, ['--row-group-size', String(ROW_GROUP_SIZE), ...extra], 240_000);
      return { ingest, groups: await rowGroupsToRead(db, lake, ingest.files, BOX) };
    };
    plain = await write('b2-plain', []);
    clustered = await write('b2-clustered', ['--cluster-by', 'customer_id,quantity']);
  });
  afterAll(() => db?.close());

  test(`--row-group-size ${ROW_GROUP_SIZE} caps every row group at ${ROW_GROUP_SIZE} rows, with and without clustering`, () => {
    for (const { ingest, groups } of [plain, clustered]) {
      const wrote = `${ingest.command}\nwrote ${groups.rowGroups} row groups, the largest of ${groups.largestRowGroup} rows (parquet_metadata()), ${groups.rows} rows in all`;
      expect(groups.largestRowGroup, `${wrote}; no row group may exceed ${ROW_GROUP_SIZE} rows`).toBeLessThanOrEqual(
        ROW_GROUP_SIZE,
      );
      expect(groups.rows, `${wrote}; the CSV has ${csvRows}`).toBe(csvRows);
    }
  });

  test(`clustered files let the filter ${box} skip at least half the row groups the unclustered ones must read`, () => {
    const message =
      `row groups whose min/max statistics intersect ${box}:` +
      `\n  ${plain.ingest.command}\n    → ${plain.groups.mustRead} of ${plain.groups.rowGroups}` +
      `\n  ${clustered.ingest.command}\n    → ${clustered.groups.mustRead} of ${clustered.groups.rowGroups}`;
    expect(
      plain.groups.mustRead,
      `${message}\nwithout clustering, the filter must read some row groups (or this proves nothing)`,
    ).toBeGreaterThan(0);
    expect(clustered.groups.mustRead, `${message}\nclustered must read at most half as many`).toBeLessThanOrEqual(
      plain.groups.mustRead / 2,
    );
  });
});
