import { join } from 'node:path';
import { EVENT_COLUMNS } from './csv-events.ts';
import type { DuckDb } from './open-duck-db.ts';
import { sqlString } from './sql-string.ts';

const INTEGER = /^U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)$/;
const TIMESTAMP = /^TIMESTAMP(_S|_MS|_NS| WITH TIME ZONE)?$/;
const EXPECTED: Record<string, { readonly test: (type: string) => boolean; readonly wanted: string }> = {
  event_id: { test: (type) => INTEGER.test(type), wanted: 'an integer type (BIGINT)' },
  event_time: { test: (type) => TIMESTAMP.test(type), wanted: 'TIMESTAMP (or TIMESTAMP WITH TIME ZONE)' },
  customer_id: { test: (type) => INTEGER.test(type), wanted: 'an integer type (INTEGER)' },
  country: { test: (type) => type === 'VARCHAR', wanted: 'VARCHAR' },
  product: { test: (type) => type === 'VARCHAR', wanted: 'VARCHAR' },
  quantity: { test: (type) => INTEGER.test(type), wanted: 'an integer type (INTEGER)' },
  amount: { test: isMoney, wanted: 'DECIMAL(12,2) (scale 2, precision at least 12)' },
  coupon: { test: (type) => type === 'VARCHAR', wanted: 'VARCHAR' },
};

function isMoney(type: string): boolean {
  const match = /^DECIMAL\((\d+),\s*2\)$/.exec(type);
  return match !== null && Number(match[1]) >= 12;
}

/**
 * What is wrong with the columns of the data files, as DuckDB sees them, one line per problem
 * (with how many files have it and one of them). The eight contract columns, plus an optional `date`.
 */
export async function schemaProblems(db: DuckDb, dir: string, files: readonly string[]): Promise<string[]> {
  const seen = new Map<string, { count: number; example: string }>();
  const note = (problem: string, file: string) => {
    const entry = seen.get(problem) ?? { count: 0, example: file };
    seen.set(problem, { ...entry, count: entry.count + 1 });
  };
  for (const file of files) {
    const columns = await db.rows<{ column_name: string; column_type: string }>(
      `DESCRIBE SELECT * FROM read_parquet(${sqlString(join(dir, file))}, hive_partitioning = false)`,
    );
    const types = new Map(columns.map((column) => [column.column_name, column.column_type]));
    for (const name of EVENT_COLUMNS) {
      const type = types.get(name);
      const { test, wanted } = EXPECTED[name] as (typeof EXPECTED)[string];
      if (type === undefined) note(`column ${name} is missing`, file);
      else if (!test(type)) note(`${name} is ${type}, expected ${wanted}`, file);
    }
    for (const name of types.keys()) {
      if (name !== 'date' && !(EVENT_COLUMNS as readonly string[]).includes(name))
        note(`unexpected column ${name}`, file);
    }
  }
  return [...seen].map(
    ([problem, { count, example }]) => `${problem} (${count} of ${files.length} files, e.g. ${example})`,
  );
}
