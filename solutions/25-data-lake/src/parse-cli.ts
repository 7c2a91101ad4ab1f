import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type CsvColumn, isCsvColumn } from './read-csv.ts';
import { COMPRESSIONS, type Compression } from './write-partitions.ts';

export type NamedQuery =
  | { readonly name: 'daily_revenue' | 'country_mix'; readonly from: string; readonly to: string }
  | { readonly name: 'top_customers'; readonly from: string; readonly to: string; readonly limit: number }
  | { readonly name: 'events_by_id'; readonly minId: number; readonly maxId: number };

/** A parsed command line; folders are absolute. */
export type Cli =
  | {
      readonly command: 'ingest';
      readonly input: string;
      readonly lake: string;
      readonly compression: Compression;
      readonly clusterBy: readonly CsvColumn[];
      readonly rowGroupSize?: number;
    }
  | { readonly command: 'query'; readonly lake: string; readonly query: NamedQuery; readonly version?: number }
  | { readonly command: 'append'; readonly input: string; readonly lake: string }
  | { readonly command: 'compression-report'; readonly input: string; readonly out: string };

const USAGE = 'usage: lake ingest|query|append|compression-report [options] (see README.md)';

/** A command line lake cannot run; the CLI exits 2 with the message (1 is for a command that failed). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

const OPTIONS = {
  input: { type: 'string' },
  lake: { type: 'string' },
  out: { type: 'string' },
  compression: { type: 'string' },
  'cluster-by': { type: 'string' },
  'row-group-size': { type: 'string' },
  name: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  limit: { type: 'string' },
  'min-id': { type: 'string' },
  'max-id': { type: 'string' },
  version: { type: 'string' },
} as const;

type Values = { readonly [option in keyof typeof OPTIONS]?: string };

export function parseCli(args: readonly string[]): Cli {
  try {
    return parse(args);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function parse(args: readonly string[]): Cli {
  const { positionals, values } = parseArgs({ args: [...args], allowPositionals: true, options: OPTIONS });
  const [command, ...extra] = positionals;
  if (extra.length > 0) throw new Error(`unexpected argument ${extra[0]}; ${USAGE}`);
  switch (command) {
    case 'ingest':
      return {
        command,
        input: need(values, 'input'),
        lake: resolve(need(values, 'lake')),
        compression: compression(values.compression ?? 'zstd'),
        clusterBy: clusterBy(values['cluster-by']),
        ...(values['row-group-size'] && { rowGroupSize: integer('row-group-size', values['row-group-size'], 1) }),
      };
    case 'query':
      return {
        command,
        lake: resolve(need(values, 'lake')),
        query: namedQuery(values),
        ...(values.version && { version: integer('version', values.version, 0) }),
      };
    case 'append':
      return { command, input: need(values, 'input'), lake: resolve(need(values, 'lake')) };
    case 'compression-report':
      return { command, input: need(values, 'input'), out: resolve(need(values, 'out')) };
    default:
      throw new Error(command ? `unknown command ${command}; ${USAGE}` : USAGE);
  }
}

function namedQuery(values: Values): NamedQuery {
  const name = need(values, 'name');
  switch (name) {
    case 'daily_revenue':
    case 'country_mix':
      return { name, from: date(values, 'from'), to: date(values, 'to') };
    case 'top_customers':
      return {
        name,
        from: date(values, 'from'),
        to: date(values, 'to'),
        limit: values.limit ? integer('limit', values.limit, 1) : 10,
      };
    case 'events_by_id':
      return {
        name,
        minId: integer('min-id', need(values, 'min-id')),
        maxId: integer('max-id', need(values, 'max-id')),
      };
    default:
      throw new Error(`unknown query ${name}; known: daily_revenue, top_customers, country_mix, events_by_id`);
  }
}

function need(values: Values, option: keyof Values): string {
  const value = values[option];
  if (!value) throw new Error(`--${option} is required`);
  return value;
}

function compression(value: string): Compression {
  const codec = COMPRESSIONS.find((known) => known === value.toLowerCase());
  if (!codec) throw new Error(`--compression ${value} is not one of ${COMPRESSIONS.join(', ')}`);
  return codec;
}

function clusterBy(value: string | undefined): CsvColumn[] {
  if (value === undefined) return [];
  return value.split(',').map((name) => {
    const column = name.trim();
    if (!isCsvColumn(column)) throw new Error(`--cluster-by: ${column} is not a column of the CSV`);
    return column;
  });
}

function integer(option: string, value: string, min?: number): number {
  const number = Number(value);
  if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(number) || (min !== undefined && number < min)) {
    throw new Error(`--${option} must be an integer${min === undefined ? '' : ` ≥ ${min}`}, got ${value}`);
  }
  return number;
}

function date(values: Values, option: 'from' | 'to'): string {
  const value = need(values, option);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    throw new Error(`--${option} must be a date YYYY-MM-DD, got ${value}`);
  }
  return value;
}
