import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { criterion } from '../../../harness/grading/grader-kit.ts';
import { csvEvents } from './support/csv-events.ts';
import { eventSets } from './support/event-sets.ts';
import { expectedRows } from './support/expected-rows.ts';
import { filesReadByScan } from './support/files-read-by-scan.ts';
import { generateEvents } from './support/generate-events.ts';
import { type Ingested, ingestLake } from './support/ingest-lake.ts';
import { lakeQuery } from './support/lake-query.ts';
import { newLakeDir } from './support/new-lake-dir.ts';
import { type DuckDb, openDuckDb } from './support/open-duck-db.ts';
import { overwriteWithGarbage } from './support/overwrite-with-garbage.ts';
import { partitionOf } from './support/partition-of.ts';
import { readFileFacts } from './support/read-file-facts.ts';
import { sqlString } from './support/sql-string.ts';
import { utcDates } from './support/utc-dates.ts';

criterion('R2', 'Partitioning by date', () => {
  let db: DuckDb;
  let csv: string;
  let dates: string[];
  let lake: string;
  let ingest: Ingested;
  let files: string[];

  beforeAll(async () => {
    db = await openDuckDb();
    csv = generateEvents(eventSets.small);
    dates = await utcDates(db, csvEvents(csv));
    lake = newLakeDir('r2-lake');
    ingest = await ingestLake(csv, lake);
    files = ingest.files;
  });
  afterAll(() => db?.close());

  test('data files live under data/date=YYYY-MM-DD/, one folder per UTC date of the CSV', () => {
    const misplaced = files.filter((file) => partitionOf(file) === undefined);
    expect(misplaced, `${ingest.command}\nwrote Parquet files outside data/date=YYYY-MM-DD/<name>.parquet`).toEqual([]);
    const folders = [...new Set(files.map(partitionOf).filter((date) => date !== undefined))].sort();
    expect(
      folders,
      `${ingest.command}\nmust write one data/date=… folder per UTC date of event_time in the CSV`,
    ).toEqual(dates);
  });

  test("every row of a file belongs to its folder's UTC date", async () => {
    const partitioned = files.filter((file) => partitionOf(file) !== undefined);
    expect(partitioned.length, `${ingest.command}\nwrote no file under data/date=YYYY-MM-DD/`).toBeGreaterThan(0);
    const facts = await readFileFacts(db, lake, partitioned);
    const wrong = partitioned.flatMap((file) => {
      const { minDate, maxDate } = facts.get(file) ?? { minDate: '?', maxDate: '?' };
      const folder = partitionOf(file);
      return minDate === folder && maxDate === folder ? [] : [`${file} holds rows of ${minDate} … ${maxDate} (UTC)`];
    });
    expect(wrong, `${ingest.command}\nwrote rows into the folder of another date`).toEqual([]);
  });

  test("DuckDB's own date-filtered scan of the lake reads only that date's files (EXPLAIN ANALYZE)", async () => {
    const date = dates[Math.floor(dates.length / 2)] as string;
    const inFolder = files.filter((file) => partitionOf(file) === date).length;
    const sql = `SELECT count(*)::INTEGER AS orders, round(sum(amount), 2)::DOUBLE AS revenue
      FROM read_parquet(${sqlString(join(lake, 'data/*/*.parquet'))}, hive_partitioning = true) WHERE date = '${date}'`;
    const read = await filesReadByScan(db, sql);
    expect(read, `lab's scan\n  ${sql}\nread ${read} files; data/date=${date}/ holds ${inFolder}`).toBe(inFolder);
    const [expected] = await expectedRows(db, csvEvents(csv), { name: 'daily_revenue', from: date, to: date });
    const { orders, revenue } = await db.one<{ orders: number; revenue: number }>(sql);
    expect(
      { orders, revenue },
      `lab's scan\n  ${sql}\nof your lake found other rows than the CSV has for ${date}`,
    ).toEqual({
      orders: (expected as { orders: number }).orders,
      revenue: (expected as { revenue: number }).revenue,
    });
  });

  // Last: it breaks the lake. The range starts at the first date, so a program that reads
  // data/*/*.parquet with hive partition pruning binds its schema on a readable file.
  test('daily_revenue reads only the partitions it needs: it works when every other date is unreadable', async () => {
    const [from, , to] = dates as [string, string, string];
    const others = files.filter((file) => {
      const date = partitionOf(file);
      return date === undefined || date < from || date > to;
    });
    for (const file of others) overwriteWithGarbage(join(lake, file), `R2 asked daily_revenue for ${from}..${to} only`);
    const query = { name: 'daily_revenue', from, to } as const;
    const context = `lab overwrote with garbage the ${others.length} data files outside ${from}..${to}, then asked for ${from}..${to}`;
    const expected = await expectedRows(db, csvEvents(csv), query);
    const answer = await lakeQuery(lake, query, { context });
    expect(answer.rows, `${context}:\n${answer.command}\n(expected: computed by lab from the CSV)`).toEqual(expected);
  });
});
