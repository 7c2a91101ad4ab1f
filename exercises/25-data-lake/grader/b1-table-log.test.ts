import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { criterion, invokeJson } from '../../../harness/grading/grader-kit.ts';
import { commandLine } from './support/command-line.ts';
import { csvEvents } from './support/csv-events.ts';
import { eventSets } from './support/event-sets.ts';
import { expectedRows } from './support/expected-rows.ts';
import { generateEvents } from './support/generate-events.ts';
import { type Ingested, ingestLake } from './support/ingest-lake.ts';
import { type LakeQuery, lakeQuery, lakeQueryArgs } from './support/lake-query.ts';
import { logFile, logVersions } from './support/log-versions.ts';
import { newLakeDir } from './support/new-lake-dir.ts';
import { type DuckDb, openDuckDb } from './support/open-duck-db.ts';
import { parquetSource } from './support/parquet-source.ts';
import { readManifest } from './support/read-manifest.ts';

/** Every date of both CSVs: the answer is one snapshot's whole table. */
const ALL: LakeQuery = { name: 'daily_revenue', from: '2024-03-01', to: '2024-03-31' };
const READERS = 2;

interface Seen {
  readonly command: string;
  readonly rows?: unknown;
  readonly error?: string;
}

criterion('B1', 'Delta/Iceberg concepts', () => {
  let db: DuckDb;
  let lake: string;
  let ingest: Ingested;
  let appendCommand: string;
  let appendOutcome: { output: unknown } | { error: unknown };
  let versionsAfterIngest: number[];
  /** daily_revenue over every date, before and after the append, computed by lab from the CSVs. */
  let before: unknown[];
  let after: unknown[];
  let seenDuringAppend: Seen[];

  beforeAll(async () => {
    db = await openDuckDb();
    const base = generateEvents(eventSets.base);
    const appended = generateEvents(eventSets.appended);
    before = await expectedRows(db, csvEvents(base), ALL);
    after = await expectedRows(
      db,
      `(SELECT * FROM ${csvEvents(base)} UNION ALL SELECT * FROM ${csvEvents(appended)})`,
      ALL,
    );
    lake = newLakeDir('b1-lake');
    ingest = await ingestLake(base, lake, [], 240_000);
    versionsAfterIngest = logVersions(lake);

    // Readers query in a loop while the append runs; each answer must be one whole snapshot.
    const args = ['append', '--input', appended, '--lake', lake];
    appendCommand = commandLine(args);
    let appending = true;
    const append = invokeJson('lake', args, { timeoutMs: 240_000 })
      .then(
        (output) => ({ output }),
        (error: unknown) => ({ error }),
      )
      .finally(() => {
        appending = false;
      });
    seenDuringAppend = [];
    const reader = async () => {
      do {
        seenDuringAppend.push(
          await lakeQuery(lake, ALL).then(
            ({ command, rows }) => ({ command, rows }),
            (error: Error) => ({ command: commandLine(lakeQueryArgs(lake, ALL)), error: error.message }),
          ),
        );
      } while (appending);
    };
    [appendOutcome] = await Promise.all([append, ...Array.from({ length: READERS }, reader)]);
  });
  afterAll(() => db?.close());

  /** What the append printed; a failed append fails every test that needs it, with its own message. */
  const appendOutput = (): unknown => {
    if ('error' in appendOutcome) throw appendOutcome.error;
    return appendOutcome.output;
  };

  test('ingest commits version 0 as _log/00000000000000000000.json', () => {
    expect(
      versionsAfterIngest,
      `${ingest.command}\nmust write _log/00000000000000000000.json (versions found in _log/)`,
    ).toEqual([0]);
  });

  test('append commits version 1, listing every live data file, and updates _manifest.json to match', async () => {
    expect(
      appendOutput(),
      `${appendCommand}\nmust print { "version": 1, "files": n, "rows": <rows of the CSV> }`,
    ).toMatchObject({
      version: 1,
      rows: eventSets.appended.rows,
    });
    expect(
      logVersions(lake),
      `${appendCommand}\nversions found in ${lake}/_log/ after one ingest and one append`,
    ).toEqual([0, 1]);
    for (const [version, rows] of [
      [0, eventSets.base.rows],
      [1, eventSets.base.rows + eventSets.appended.rows],
    ] as const) {
      const paths = readManifest(logFile(lake, version)).files.map((file) => file.path);
      const missing = paths.filter((path) => !existsSync(join(lake, path)));
      expect(missing, `${logFile(lake, version)} lists files that do not exist`).toEqual([]);
      const real = await db.one<{ rows: number }>(
        `SELECT count(*)::INTEGER AS "rows" FROM ${parquetSource(lake, paths)}`,
      );
      expect(
        real.rows,
        `the ${paths.length} files listed by ${logFile(lake, version)} hold ${real.rows} rows; version ${version} has ${rows}`,
      ).toBe(rows);
    }
    const manifest = readManifest(join(lake, '_manifest.json'))
      .files.map((file) => file.path)
      .sort();
    const newest = readManifest(logFile(lake, 1))
      .files.map((file) => file.path)
      .sort();
    expect(
      manifest,
      `${appendCommand}\n_manifest.json must list the files of the newest version (Expected: the paths in _log/00000000000000000001.json; Received: the paths in _manifest.json)`,
    ).toEqual(newest);
  });

  test('queries during the append see the old or the new snapshot, never a mix', () => {
    appendOutput();
    const mixed = seenDuringAppend.filter(
      ({ rows, error }) => error !== undefined || (!isDeepStrictEqual(rows, before) && !isDeepStrictEqual(rows, after)),
    );
    expect(
      mixed.map(({ command, rows, error }) => `${command}\n  → ${error ?? summary(rows)}`),
      `${seenDuringAppend.length} queries ran while \`${appendCommand}\` was running; these saw neither the old table` +
        ` (${summary(before)}) nor the new one (${summary(after)})`,
    ).toEqual([]);
  });

  test('after the append, a query reads the new snapshot and --version 0 the old one, exactly', async () => {
    appendOutput();
    const newest = await lakeQuery(lake, ALL);
    expect(
      newest.rows,
      `${newest.command}\nmust answer from the newest version (1), expected: computed by lab from both CSVs`,
    ).toEqual(after);
    const old = await lakeQuery(lake, ALL, { version: 0 });
    expect(old.rows, `${old.command}\nmust answer from version 0 (the ingested CSV only)`).toEqual(before);
    const one = await lakeQuery(lake, ALL, { version: 1 });
    expect(one.rows, `${one.command}\nmust answer from version 1`).toEqual(after);
  });
});

/** A short description of daily_revenue rows, to compare snapshots at a glance. */
function summary(rows: unknown): string {
  if (!Array.isArray(rows)) return `not a list of rows: ${JSON.stringify(rows)?.slice(0, 200)}`;
  const orders = rows.reduce(
    (sum: number, row: { orders?: unknown }) => sum + (typeof row?.orders === 'number' ? row.orders : 0),
    0,
  );
  const dates = rows.map((row: { date?: unknown }) => row?.date);
  return `${rows.length} dates (${dates[0]} … ${dates.at(-1)}), ${orders} orders`;
}
