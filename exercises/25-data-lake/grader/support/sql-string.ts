/** A SQL string literal. */
export const sqlString = (value: string): string => `'${value.replaceAll("'", "''")}'`;

/** A SQL list literal of strings, e.g. for read_parquet([...]). */
export const sqlList = (values: readonly string[]): string => `[${values.map(sqlString).join(', ')}]`;
