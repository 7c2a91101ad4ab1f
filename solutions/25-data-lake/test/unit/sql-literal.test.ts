import { describe, expect, it } from 'vitest';
import { sqlList, sqlString } from '../../src/sql-literal.ts';

describe('SQL literals', () => {
  it('doubles single quotes so a path cannot end the string', () => {
    expect(sqlString("o'brien/it's.parquet")).toBe("'o''brien/it''s.parquet'");
  });

  it('lists files as read_parquet takes them', () => {
    expect(sqlList(['a.parquet', "b'.parquet"])).toBe("['a.parquet', 'b''.parquet']");
  });
});
