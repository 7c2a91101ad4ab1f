import type { LakeQuery } from './lake-query.ts';
import type { DuckDb } from './open-duck-db.ts';

const dateOf = 'CAST(event_time AS DATE)';
const revenue = 'round(sum(amount), 2)::DOUBLE';

/** The contract's answer to a question, as SQL over `source` (a table or a read_csv(...) of the CSV). */
export function expectedSql(source: string, query: LakeQuery): string {
  if (query.name === 'events_by_id') {
    return `SELECT count(*)::INTEGER AS count, coalesce(${revenue}, 0) AS revenue FROM ${source}
      WHERE event_id BETWEEN ${query.minId} AND ${query.maxId}`;
  }
  const where = `WHERE ${dateOf} BETWEEN DATE '${query.from}' AND DATE '${query.to}'`;
  switch (query.name) {
    case 'daily_revenue':
      return `SELECT strftime(${dateOf}, '%Y-%m-%d') AS date, count(*)::INTEGER AS orders, ${revenue} AS revenue
        FROM ${source} ${where} GROUP BY ${dateOf} ORDER BY ${dateOf}`;
    case 'top_customers':
      return `SELECT customer_id, ${revenue} AS revenue FROM ${source} ${where}
        GROUP BY customer_id ORDER BY sum(amount) DESC, customer_id LIMIT ${query.limit ?? 10}`;
    case 'country_mix':
      return `SELECT country, count(*)::INTEGER AS orders, ${revenue} AS revenue FROM ${source} ${where}
        GROUP BY country ORDER BY sum(amount) DESC, country`;
  }
}

/** The rows `lake query` must print for a question, computed by the grader from its own data. */
export const expectedRows = (db: DuckDb, source: string, query: LakeQuery): Promise<unknown[]> =>
  db.rows(expectedSql(source, query));
