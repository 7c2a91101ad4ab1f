import { DuckDBInstance } from '@duckdb/node-api';

/** One in-memory DuckDB connection: the lake itself lives in Parquet files, not in a database. */
export interface Db {
  /** Runs a query and returns its rows as plain JS values (cast in SQL to get the JS types you want). */
  all<Row>(sql: string): Promise<Row[]>;
  close(): void;
}

export async function openDb(): Promise<Db> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  return {
    async all<Row>(sql: string) {
      const reader = await connection.runAndReadAll(sql);
      return reader.getRowObjectsJS() as Row[];
    },
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}
