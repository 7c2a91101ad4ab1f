import { append } from './append.ts';
import { compressionReport } from './compression-report.ts';
import { ingest } from './ingest.ts';
import { logger } from './logger.ts';
import { commandsTotal, loadPreviousTotals, rowsWrittenTotal, writeTextfile } from './metrics.ts';
import { type Cli, parseCli, UsageError } from './parse-cli.ts';
import { query } from './query.ts';
import { inSpan, startTelemetry } from './telemetry.ts';

/**
 * `lake`: CSV exports in, a date-partitioned Parquet lake out, named queries answered with DuckDB.
 * Every command prints exactly one JSON document on stdout; logs are JSON lines on stderr.
 * Exit codes: 0 done, 1 the command failed, 2 the command line is wrong.
 */
async function run(cli: Cli): Promise<unknown> {
  switch (cli.command) {
    case 'ingest':
    case 'append': {
      const result = await (cli.command === 'ingest' ? ingest(cli) : append(cli));
      rowsWrittenTotal.inc(result.rows);
      return result;
    }
    case 'query':
      return query(cli);
    case 'compression-report':
      return compressionReport(cli);
  }
}

const telemetry = await startTelemetry('lake');
const textfile = process.env.METRICS_TEXTFILE;
if (textfile) await loadPreviousTotals(textfile);
let command = 'unknown';
const started = performance.now();
try {
  const cli = parseCli(process.argv.slice(2));
  command = cli.command;
  const result = await inSpan(telemetry.tracer, `lake ${cli.command}`, (span) => {
    span.setAttribute('lake.command', cli.command);
    if (cli.command === 'query') span.setAttribute('lake.query', cli.query.name);
    return run(cli);
  });
  commandsTotal.inc({ command, outcome: 'ok' });
  logger.info({ command, ms: Math.round(performance.now() - started) }, `lake ${command} done`);
  process.stdout.write(`${JSON.stringify(result)}\n`);
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  commandsTotal.inc({ command, outcome: 'error' });
  logger.error({ command }, message);
  process.stdout.write(`${JSON.stringify({ error: message })}\n`);
  process.exitCode = error instanceof UsageError ? 2 : 1;
} finally {
  if (textfile) await writeTextfile(textfile).catch((error: Error) => logger.warn({ textfile }, error.message));
  await telemetry.shutdown();
}
