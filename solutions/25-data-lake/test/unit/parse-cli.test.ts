import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCli, UsageError } from '../../src/parse-cli.ts';

describe('parseCli', () => {
  it('reads an ingest with its defaults and an absolute lake folder', () => {
    expect(parseCli(['ingest', '--input', 'events.csv', '--lake', 'lake'])).toEqual({
      command: 'ingest',
      input: 'events.csv',
      lake: resolve('lake'),
      compression: 'zstd',
      clusterBy: [],
    });
  });

  it('reads a date query and defaults top_customers to 10 rows', () => {
    const cli = parseCli([
      'query',
      '--lake',
      'l',
      '--name',
      'top_customers',
      '--from',
      '2024-01-01',
      '--to',
      '2024-01-31',
    ]);
    expect(cli).toMatchObject({ command: 'query', query: { name: 'top_customers', limit: 10 } });
  });

  it('reads an id range query and a table version', () => {
    const cli = parseCli([
      'query',
      '--lake',
      'l',
      '--name',
      'events_by_id',
      '--min-id',
      '5',
      '--max-id',
      '9',
      '--version',
      '2',
    ]);
    expect(cli).toMatchObject({ query: { name: 'events_by_id', minId: 5, maxId: 9 }, version: 2 });
  });

  it.each([
    [['ingest', '--lake', 'l'], /--input is required/],
    [
      ['query', '--lake', 'l', '--name', 'daily_revenue', '--from', '2024-13-45', '--to', '2024-01-02'],
      /--from must be a date/,
    ],
    [
      ['query', '--lake', 'l', '--name', 'events_by_id', '--min-id', '1e3', '--max-id', '9'],
      /--min-id must be an integer/,
    ],
    [['ingest', '--input', 'x.csv', '--lake', 'l', '--compression', 'lz77'], /--compression lz77 is not one of/],
    [['ingest', '--input', 'x.csv', '--lake', 'l', '--cluster-by', 'price'], /price is not a column/],
    [['drop', '--lake', 'l'], /unknown command drop/],
    [['query', '--bogus'], /bogus/],
  ])('refuses %j with a usage error', (args, message) => {
    expect(() => parseCli(args)).toThrow(UsageError);
    expect(() => parseCli(args)).toThrow(message);
  });
});
