import { append } from './append.ts';
import { compressionReport } from './compression-report.ts';
import { ingest } from './ingest.ts';
import { type Cli, parseCli } from './parse-cli.ts';
import { query } from './query.ts';

/**
 * `lake`: CSV exports in, a date-partitioned Parquet lake out, named queries answered with DuckDB.
 * Every command prints exactly one JSON document on stdout; logs go to stderr.
 */
function run(cli: Cli): Promise<unknown> {
  switch (cli.command) {
    case 'ingest':
      return ingest(cli);
    case 'query':
      return query(cli);
    case 'append':
      return append(cli);
    case 'compression-report':
      return compressionReport(cli);
  }
}

try {
  const result = await run(parseCli(process.argv.slice(2)));
  process.stdout.write(`${JSON.stringify(result)}\n`);
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`lake: ${message}`);
  process.stdout.write(`${JSON.stringify({ error: message })}\n`);
  process.exitCode = 1;
}
