import { existsSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { criterion, invokeJson } from '../../../harness/grading/grader-kit.ts';
import { columnProfile } from './support/column-profile.ts';
import { commandLine } from './support/command-line.ts';
import { csvEvents } from './support/csv-events.ts';
import { eventSets } from './support/event-sets.ts';
import { generateEvents } from './support/generate-events.ts';
import { newLakeDir } from './support/new-lake-dir.ts';
import { type DuckDb, openDuckDb } from './support/open-duck-db.ts';
import { parquetSource } from './support/parquet-source.ts';
import { sqlList } from './support/sql-string.ts';

const REQUIRED = ['zstd', 'snappy', 'uncompressed'];

/** How parquet_metadata() names the codec a program asked for, where it differs from upper case. */
const PARQUET_CODEC: Record<string, string> = { lz4: 'LZ4_RAW' };

interface CodecReport {
  readonly codec: string;
  readonly files: string[];
  readonly bytes: number;
  readonly writeMs: number;
  readonly queryMs: number;
}

criterion('B3', 'Compression tuning', () => {
  let db: DuckDb;
  let csv: string;
  let out: string;
  let command: string;
  let report: { codecs?: unknown };

  beforeAll(async () => {
    db = await openDuckDb();
    csv = generateEvents(eventSets.small);
    out = newLakeDir('b3-report');
    const args = ['compression-report', '--input', csv, '--out', out];
    command = commandLine(args);
    report = await invokeJson('lake', args);
  });
  afterAll(() => db?.close());

  const codecOf = (entry: CodecReport) => String(entry.codec).toLowerCase();
  const files = (entry: CodecReport) =>
    Array.isArray(entry.files) ? entry.files.map((file) => posix.normalize(String(file))) : [];
  /** The report's entries: at least zstd, snappy and uncompressed (and any other codec it lists). */
  const codecs = (): CodecReport[] => {
    const all: unknown[] = Array.isArray(report?.codecs) ? report.codecs : [];
    const list = all.filter((entry): entry is CodecReport => typeof entry === 'object' && entry !== null);
    const names = list.map(codecOf);
    expect(names, `${command}\nmust report at least ${REQUIRED.join(', ')} in "codecs": [{ "codec": … }]`).toEqual(
      expect.arrayContaining(REQUIRED),
    );
    return list;
  };

  test('reports files, bytes, writeMs and queryMs for zstd, snappy and uncompressed', () => {
    for (const entry of codecs()) {
      const shape = {
        files: files(entry).length > 0,
        bytes: Number.isInteger(entry.bytes),
        writeMs: typeof entry.writeMs === 'number' && entry.writeMs >= 0,
        queryMs: typeof entry.queryMs === 'number' && entry.queryMs >= 0,
      };
      expect(
        shape,
        `${command}\nreported ${JSON.stringify(entry)}: every field must be present (files non-empty, numbers ≥ 0)`,
      ).toEqual({
        files: true,
        bytes: true,
        writeMs: true,
        queryMs: true,
      });
    }
  });

  test('each listed file exists under DIR/<codec>/ and every column chunk uses that codec', async () => {
    for (const entry of codecs()) {
      const codec = codecOf(entry);
      const paths = files(entry);
      expect(paths.length, `${command}\nlisted no files for ${codec}`).toBeGreaterThan(0);
      const wrongPlace = paths.filter((file) => !file.startsWith(`${codec}/`) || !existsSync(join(out, file)));
      expect(
        wrongPlace,
        `${command}\nlisted files for ${codec} that are missing or not under ${out}/${codec}/`,
      ).toEqual([]);
      const used = await db.rows<{ compression: string; chunks: number }>(`
        SELECT upper(compression) AS compression, count(*)::INTEGER AS chunks
        FROM parquet_metadata(${sqlList(paths.map((file) => join(out, file)))}) GROUP BY ALL ORDER BY ALL`);
      expect(
        used.map((row) => row.compression),
        `${command}\nthe ${codec} files' column chunks use (parquet_metadata()): ${JSON.stringify(used)}`,
      ).toEqual([PARQUET_CODEC[codec] ?? codec.toUpperCase()]);
    }
  });

  test('reported bytes equal the real file sizes, and zstd is smaller than uncompressed', () => {
    const real = new Map<string, number>();
    for (const entry of codecs()) {
      const paths = files(entry).filter((file) => existsSync(join(out, file)));
      const size = paths.reduce((sum, file) => sum + statSync(join(out, file)).size, 0);
      real.set(codecOf(entry), size);
      expect(
        entry.bytes,
        `${command}\nreported ${entry.bytes} bytes for ${entry.codec}; its files (${paths.join(', ')}) hold ${size}`,
      ).toBe(size);
    }
    const zstd = real.get('zstd') ?? Number.NaN;
    const uncompressed = real.get('uncompressed') ?? Number.NaN;
    expect(
      zstd,
      `${command}\nzstd files hold ${zstd} bytes, uncompressed ${uncompressed}: zstd must be smaller`,
    ).toBeLessThan(uncompressed);
  });

  test("each codec's files hold the CSV's rows", async () => {
    const expected = await columnProfile(db, csvEvents(csv));
    for (const entry of codecs()) {
      const paths = files(entry);
      expect(paths.length, `${command}\nlisted no files for ${codecOf(entry)}`).toBeGreaterThan(0);
      const actual = await columnProfile(db, parquetSource(out, paths));
      expect(
        { rows: actual.rows, sumOfAmount: actual.sumOfAmount },
        `${command}\nthe ${entry.codec} files must hold the CSV's ${expected.rows} rows (and the same sum of amount)`,
      ).toEqual({ rows: expected.rows, sumOfAmount: expected.sumOfAmount });
    }
  });
});
