import { readFile, rename, writeFile } from 'node:fs/promises';
import { Counter, Registry } from 'prom-client';

/**
 * The CLI's Prometheus counters. A CLI has no /metrics endpoint to scrape, so (as node_exporter's
 * textfile collector expects) each run writes the registry to $METRICS_TEXTFILE when it is set.
 * Counters carry on across runs: a run starts from the totals the previous one wrote.
 */
export const registry = new Registry();

export const commandsTotal = new Counter({
  name: 'lake_commands_total',
  help: 'Runs of lake, by command and outcome (ok or error).',
  labelNames: ['command', 'outcome'],
  registers: [registry],
});

export const rowsWrittenTotal = new Counter({
  name: 'lake_rows_written_total',
  help: 'Rows written to Parquet by ingest and append.',
  registers: [registry],
});

const SAMPLE = /^(lake_[a-z_]+_total)(?:\{([^}]*)\})? (\d+(?:\.\d+)?)$/;

/** Adds the totals of an earlier run's textfile to this run's counters; a missing file means a first run. */
export async function loadPreviousTotals(path: string): Promise<void> {
  const text = await readFile(path, 'utf8').catch(() => '');
  for (const line of text.split('\n')) {
    const match = SAMPLE.exec(line);
    if (!match) continue;
    const [, name, labels = '', value] = match;
    const labelValues = Object.fromEntries(
      [...labels.matchAll(/(\w+)="([^"]*)"/g)].map(([, key, val]) => [key as string, val as string]),
    );
    if (name === 'lake_commands_total') commandsTotal.inc(labelValues, Number(value));
    if (name === 'lake_rows_written_total') rowsWrittenTotal.inc(Number(value));
  }
}

/** Writes the registry to `path` through a temporary file, so a scraper never reads half a file. */
export async function writeTextfile(path: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, await registry.metrics());
  await rename(temporary, path);
}
