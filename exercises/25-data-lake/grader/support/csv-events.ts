import { sqlString } from './sql-string.ts';

/** DuckDB's read of a generated CSV with the contract's explicit types: no inference. */
export const csvEvents = (path: string): string =>
  `read_csv(${sqlString(path)}, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', ` +
  `timestampformat = '%Y-%m-%d %H:%M:%S', columns = {'event_id': 'BIGINT', 'event_time': 'TIMESTAMP', ` +
  `'customer_id': 'INTEGER', 'country': 'VARCHAR', 'product': 'VARCHAR', 'quantity': 'INTEGER', ` +
  `'amount': 'DECIMAL(12,2)', 'coupon': 'VARCHAR'})`;

/** The eight columns of the contract, in order. */
export const EVENT_COLUMNS = [
  'event_id',
  'event_time',
  'customer_id',
  'country',
  'product',
  'quantity',
  'amount',
  'coupon',
] as const;
