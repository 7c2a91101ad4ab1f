import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_CSV, runLake } from './run-lake.ts';

// The whole CLI against real DuckDB and real Parquet files: examples/events.csv holds 24 events,
// 8 on each of 2024-01-01..03, ids 1001..1024.
describe('lake CLI, end to end', () => {
  let dir: string;
  let lake: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lake-it-'));
    lake = join(dir, 'lake');
    const ingested = await runLake(['ingest', '--input', EXAMPLE_CSV, '--lake', lake]);
    expect(ingested).toMatchObject({ code: 0, output: { files: 3, rows: 24 } });
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('writes one partition folder per UTC date, a log version and the manifest', async () => {
    expect((await readdir(join(lake, 'data'))).sort()).toEqual([
      'date=2024-01-01',
      'date=2024-01-02',
      'date=2024-01-03',
    ]);
    expect(await readdir(lake)).toEqual(expect.arrayContaining(['_log', '_manifest.json', 'data']));
  });

  it('answers daily_revenue for a range with one row per date', async () => {
    const { code, output } = await runLake([
      'query',
      '--lake',
      lake,
      '--name',
      'daily_revenue',
      '--from',
      '2024-01-02',
      '--to',
      '2024-01-03',
    ]);
    expect(code).toBe(0);
    expect(output.rows).toEqual([
      { date: '2024-01-02', orders: 8, revenue: expect.any(Number) },
      { date: '2024-01-03', orders: 8, revenue: expect.any(Number) },
    ]);
  });

  it('counts the events of an id range across files', async () => {
    const { output } = await runLake([
      'query',
      '--lake',
      lake,
      '--name',
      'events_by_id',
      '--min-id',
      '1005',
      '--max-id',
      '1012',
    ]);
    expect(output.rows).toEqual([{ count: 8, revenue: expect.any(Number) }]);
  });

  it('appends a new version and still reads the old one with --version', async () => {
    const appended = await runLake(['append', '--input', EXAMPLE_CSV, '--lake', lake]);
    expect(appended).toMatchObject({ code: 0, output: { version: 1, rows: 24 } });
    const args = ['query', '--lake', lake, '--name', 'events_by_id', '--min-id', '1001', '--max-id', '1024'];
    expect((await runLake(args)).output.rows).toEqual([{ count: 48, revenue: expect.any(Number) }]);
    expect((await runLake([...args, '--version', '0'])).output.rows).toEqual([
      { count: 24, revenue: expect.any(Number) },
    ]);
  });

  it('refuses a malformed command line with exit 2, an error document and a JSON log line', async () => {
    const { code, output, stderr } = await runLake([
      'query',
      '--lake',
      lake,
      '--name',
      'events_by_id',
      '--min-id',
      'many',
    ]);
    expect(code).toBe(2);
    expect(output.error).toMatch(/--min-id must be an integer/);
    expect(JSON.parse(stderr.trim().split('\n').at(-1) ?? '')).toMatchObject({ level: 50, msg: output.error });
  });

  it('fails with exit 1 when the input does not exist', async () => {
    const { code, output } = await runLake([
      'ingest',
      '--input',
      join(dir, 'missing.csv'),
      '--lake',
      join(dir, 'other'),
    ]);
    expect(code).toBe(1);
    expect(String(output.error)).toMatch(/missing\.csv/);
  });
});
