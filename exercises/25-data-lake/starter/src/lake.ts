import { parseArgs } from 'node:util';
import { append, compressionReport, ingest, query } from './commands.ts';

/**
 * `lake`: CSV exports in, a date-partitioned Parquet lake out, named queries answered with DuckDB.
 * The contract (README.md of the exercise): every command prints exactly one JSON document on
 * stdout, exits 0 on success, and on failure exits non-zero with { "error": "..." }. Logs go to stderr.
 *
 *   node --import tsx src/lake.ts ingest --input events.csv --lake lake
 */
const OPTIONS = {
  input: { type: 'string' },
  lake: { type: 'string' },
  out: { type: 'string' },
  compression: { type: 'string', default: 'zstd' },
  'cluster-by': { type: 'string' },
  'row-group-size': { type: 'string' },
  name: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  limit: { type: 'string', default: '10' },
  'min-id': { type: 'string' },
  'max-id': { type: 'string' },
  version: { type: 'string' },
} as const;

async function run(args: string[]): Promise<unknown> {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: OPTIONS });
  const required = (option: keyof typeof values): string => {
    const value = values[option];
    if (!value) throw new Error(`--${option} is required`);
    return value;
  };
  const optionalInt = (option: keyof typeof values): number | undefined => {
    const value = values[option];
    return value === undefined ? undefined : Number(value);
  };

  const command = positionals[0];
  switch (command) {
    case 'ingest':
      return ingest({
        input: required('input'),
        lake: required('lake'),
        compression: required('compression'),
        clusterBy: values['cluster-by']?.split(',') ?? [],
        rowGroupSize: optionalInt('row-group-size'),
      });
    case 'query':
      return query({
        lake: required('lake'),
        name: required('name'),
        from: values.from,
        to: values.to,
        limit: optionalInt('limit') ?? 10,
        minId: optionalInt('min-id'),
        maxId: optionalInt('max-id'),
        version: optionalInt('version'),
      });
    case 'append':
      return append({ input: required('input'), lake: required('lake') });
    case 'compression-report':
      return compressionReport({ input: required('input'), out: required('out') });
    default:
      throw new Error(`unknown command ${command ?? '(none)'}: use ingest, query, append or compression-report`);
  }
}

try {
  const result = await run(process.argv.slice(2));
  process.stdout.write(`${JSON.stringify(result)}\n`);
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`lake: ${message}`);
  process.stdout.write(`${JSON.stringify({ error: message })}\n`);
  process.exitCode = 1;
}
