import { DuckDBInstance } from '@duckdb/node-api';

/** The grader's own DuckDB connection: it looks at the learner's files itself. */
export interface DuckDb {
  /** Runs SQL and returns its rows as JSON values (cast BIGINT/DECIMAL in SQL to get numbers). */
  rows<T = Record<string, unknown>>(sql: string): Promise<T[]>;
  /** Runs SQL and returns its first row. */
  one<T = Record<string, unknown>>(sql: string): Promise<T>;
  close(): void;
}

/** Opens an in-memory DuckDB whose time zone is UTC, so casts of timestamps to dates are UTC dates. */
export async function openDuckDb(): Promise<DuckDb> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const rows = async <T>(sql: string) => (await connection.runAndReadAll(sql)).getRowObjectsJson() as T[];
  await rows("SET TimeZone = 'UTC'");
  return {
    rows,
    async one<T>(sql: string) {
      const [first] = await rows<T>(sql);
      if (first === undefined) throw new Error(`grader query returned no row: ${sql}`);
      return first;
    },
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}
