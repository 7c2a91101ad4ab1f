/** A SQL string literal: single quotes doubled, so any path or value is safe inside a query. */
export const sqlString = (value: string): string => `'${value.replaceAll("'", "''")}'`;

/** A SQL list of string literals, as read_parquet([...]) takes its files. */
export const sqlList = (values: readonly string[]): string => `[${values.map(sqlString).join(', ')}]`;
