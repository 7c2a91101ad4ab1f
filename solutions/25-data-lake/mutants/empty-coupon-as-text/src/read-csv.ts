import { sqlString } from './sql-literal.ts';

/** The contract's columns and types. Inference never decides: amounts stay exact, times stay times. */
export const CSV_COLUMNS = {
  event_id: 'BIGINT',
  event_time: 'TIMESTAMP',
  customer_id: 'INTEGER',
  country: 'VARCHAR',
  product: 'VARCHAR',
  quantity: 'INTEGER',
  amount: 'DECIMAL(12,2)',
  coupon: 'VARCHAR',
} as const;

export type CsvColumn = keyof typeof CSV_COLUMNS;

export const isCsvColumn = (name: string): name is CsvColumn => Object.hasOwn(CSV_COLUMNS, name);

/**
 * SQL that reads the CSV with explicit types plus the UTC `date` each row is partitioned by.
 * Empty fields are NULLs (DuckDB's default), quoted fields may hold commas.
 */
export function readCsv(path: string): string {
  const columns = Object.entries(CSV_COLUMNS)
    .map(([name, type]) => `${sqlString(name)}: ${sqlString(type)}`)
    .join(', ');
  return `SELECT * REPLACE (coalesce(coupon, '') AS coupon), CAST(event_time AS DATE) AS date
    FROM read_csv(${sqlString(path)}, header = true, delim = ',', quote = '"', escape = '"',
                  columns = {${columns}})`;
}
