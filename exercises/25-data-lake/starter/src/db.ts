import { DuckDBInstance } from '@duckdb/node-api';

/**
 * A starting point for talking to DuckDB (an in-memory database is enough: the lake is files).
 *
 *   const db = await openDb();
 *   const rows = await db.all<{ n: number }>('SELECT count(*)::INTEGER AS n FROM read_parquet(...)');
 *   db.close();
 *
 * getRowObjectsJS() returns BIGINT as bigint and DECIMAL/TIMESTAMP as DuckDB value objects:
 * cast in SQL (::INTEGER, ::DOUBLE, ::VARCHAR, strftime) to get plain JSON-friendly values.
 */
export async function openDb() {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  return {
    async all<Row>(sql: string): Promise<Row[]> {
      const reader = await connection.runAndReadAll(sql);
      return reader.getRowObjectsJS() as Row[];
    },
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}
