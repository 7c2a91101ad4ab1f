import { join } from 'node:path';
import { openDb } from './db.ts';
import type { Cli, NamedQuery } from './parse-cli.ts';
import { pruneFiles } from './prune-files.ts';
import { sqlList } from './sql-literal.ts';
import { readSnapshot } from './table-log.ts';

export type QueryOptions = Omit<Extract<Cli, { command: 'query' }>, 'command'>;

/** Answers a named query from one table version, reading only the files it needs. */
export async function query({ lake, query, version }: QueryOptions): Promise<{ rows: unknown[] }> {
  const snapshot = await readSnapshot(lake, version);
  const files = pruneFiles(snapshot, query).map((file) => join(lake, file.path));
  if (files.length === 0) return { rows: query.name === 'events_by_id' ? [{ count: 0, revenue: 0 }] : [] };
  const db = await openDb();
  try {
    return { rows: await db.all(namedQuerySql(query, files)) };
  } finally {
    db.close();
  }
}

/**
 * DuckDB does the work: it reads only the columns a query names and aggregates in parallel.
 * Sums stay exact DECIMALs (and rank by their exact value); only the output is a JSON number.
 */
function namedQuerySql(query: NamedQuery, files: readonly string[]): string {
  // hive_partitioning turns the date=YYYY-MM-DD folder into a `date` column, free to read.
  const lake = `read_parquet(${sqlList(files)}, hive_partitioning = true)`;
  const revenue = 'round(sum(amount), 2)::DOUBLE AS revenue';
  switch (query.name) {
    case 'daily_revenue':
      return `SELECT CAST(date AS VARCHAR) AS date, count(*)::INTEGER AS orders, ${revenue}
        FROM ${lake} GROUP BY date ORDER BY date`;
    case 'top_customers':
      return `SELECT customer_id, ${revenue}
        FROM ${lake} GROUP BY customer_id ORDER BY sum(amount) DESC, customer_id LIMIT ${query.limit}`;
    case 'country_mix':
      return `SELECT country, count(*)::INTEGER AS orders, ${revenue}
        FROM ${lake} GROUP BY country ORDER BY country`;
    case 'events_by_id':
      return `SELECT count(*)::INTEGER AS count, coalesce(round(sum(amount), 2), 0)::DOUBLE AS revenue
        FROM ${lake} WHERE event_id BETWEEN ${query.minId} AND ${query.maxId}`;
  }
}
