import { describe, expect, test } from 'vitest';
import { parseBackfillArgs, UsageError } from '../../src/backfill-args.ts';
import { partitionLag } from '../../src/lag.ts';

describe('backfill arguments', () => {
  test('a time window and an offset range parse', () => {
    expect(parseBackfillArgs(['--from-time', '2024-05-01T12:00:00Z', '--to-time', '2024-05-01T13:00:00Z'])).toEqual({
      kind: 'time',
      fromMs: Date.parse('2024-05-01T12:00:00Z'),
      toMs: Date.parse('2024-05-01T13:00:00Z'),
    });
    expect(parseBackfillArgs(['--partition', '3', '--from-offset', '10', '--to-offset', '20'])).toEqual({
      kind: 'offsets',
      partition: 3,
      fromOffset: 10n,
      toOffset: 20n,
    });
  });

  test('bad input is a usage error that says what to give', () => {
    expect(() => parseBackfillArgs([])).toThrow(UsageError);
    expect(() => parseBackfillArgs(['--from-time', 'soon', '--to-time', '2024-05-01T13:00:00Z'])).toThrow(/ISO-8601/);
    expect(() => parseBackfillArgs(['--partition', '1', '--from-offset', '5', '--to-offset', '5'])).toThrow(/above/);
    expect(() => parseBackfillArgs(['--bogus'])).toThrow(UsageError);
  });
});

describe('consumer lag', () => {
  test('is the high watermark minus the committed offset, or minus the log start without a commit', () => {
    expect(partitionLag('120', '0', '100')).toBe(20);
    expect(partitionLag('120', '30', '-1')).toBe(90);
    expect(partitionLag('120', '30', undefined)).toBe(90);
  });
});
