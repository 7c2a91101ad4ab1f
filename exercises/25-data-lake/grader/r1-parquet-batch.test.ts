import { join, relative } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { criterion } from '../../../harness/grading/grader-kit.ts';
import { columnProfile } from './support/column-profile.ts';
import { csvEvents } from './support/csv-events.ts';
import { eventSets } from './support/event-sets.ts';
import { generateEvents } from './support/generate-events.ts';
import { type Ingested, ingestLake } from './support/ingest-lake.ts';
import { newLakeDir } from './support/new-lake-dir.ts';
import { type DuckDb, openDuckDb } from './support/open-duck-db.ts';
import { parquetSource } from './support/parquet-source.ts';
import { schemaProblems } from './support/schema-problems.ts';
import { sqlList } from './support/sql-string.ts';

criterion('R1', 'CSV→Parquet batch', () => {
  let db: DuckDb;
  let csv: string;
  let lake: string;
  let ingest: Ingested;
  let files: string[];

  beforeAll(async () => {
    db = await openDuckDb();
    csv = generateEvents(eventSets.small);
    lake = newLakeDir('r1-lake');
    ingest = await ingestLake(csv, lake);
    files = ingest.files;
  });
  afterAll(() => db?.close());

  test('ingest prints the number of data files and rows it wrote', () => {
    expect(
      ingest.output,
      `${ingest.command}\nmust print { "files": <data files written>, "rows": <rows written> }`,
    ).toMatchObject({
      files: files.length,
      rows: eventSets.small.rows,
    });
  });

  test('columns have the contract types: TIMESTAMP event_time, DECIMAL(12,2) amount, integer ids', async () => {
    const problems = await schemaProblems(db, lake, files);
    expect(problems, `${ingest.command}\nwrote columns with the wrong types (DuckDB's DESCRIBE of your files)`).toEqual(
      [],
    );
  });

  test('every column chunk is compressed (not UNCOMPRESSED)', async () => {
    const chunks = await db.rows<{ column: string; chunks: number; example: string }>(`
      SELECT path_in_schema AS column, count(*)::INTEGER AS chunks, min(file_name) AS example
      FROM parquet_metadata(${sqlList(files.map((file) => join(lake, file)))})
      WHERE upper(compression) = 'UNCOMPRESSED' GROUP BY path_in_schema ORDER BY path_in_schema`);
    const uncompressed = chunks.map(
      ({ column, chunks: n, example }) => `${column}: ${n} chunks, e.g. in ${relative(lake, example)}`,
    );
    expect(
      uncompressed,
      `${ingest.command}\nwrote UNCOMPRESSED column chunks (parquet_metadata() of your files); the default codec is zstd`,
    ).toEqual([]);
  });

  test("row count, NULLs per column and sum of amount equal the CSV's", async () => {
    const expected = await columnProfile(db, csvEvents(csv));
    const actual = await columnProfile(db, parquetSource(lake, files));
    expect(
      actual,
      `${ingest.command}\nyour Parquet files (all ${files.length} read together) differ from the CSV ${csv}`,
    ).toEqual(expected);
  });
});
