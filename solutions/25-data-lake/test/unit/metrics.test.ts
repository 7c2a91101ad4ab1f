import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commandsTotal, loadPreviousTotals, registry, rowsWrittenTotal, writeTextfile } from '../../src/metrics.ts';

describe('metrics textfile', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lake-metrics-'));
    registry.resetMetrics();
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('writes the counters in Prometheus text format', async () => {
    commandsTotal.inc({ command: 'query', outcome: 'ok' });
    await writeTextfile(join(dir, 'lake.prom'));
    const text = await readFile(join(dir, 'lake.prom'), 'utf8');
    expect(text).toContain('# TYPE lake_commands_total counter');
    expect(text).toContain('lake_commands_total{command="query",outcome="ok"} 1');
  });

  it('carries on from the totals an earlier run wrote', async () => {
    const path = join(dir, 'lake.prom');
    await writeFile(path, 'lake_commands_total{command="ingest",outcome="ok"} 3\nlake_rows_written_total 40\n');
    await loadPreviousTotals(path);
    commandsTotal.inc({ command: 'ingest', outcome: 'ok' });
    rowsWrittenTotal.inc(2);
    const text = await registry.metrics();
    expect(text).toContain('lake_commands_total{command="ingest",outcome="ok"} 4');
    expect(text).toContain('lake_rows_written_total 42');
  });

  it('starts from zero when there is no earlier file', async () => {
    await loadPreviousTotals(join(dir, 'missing.prom'));
    expect(await registry.metrics()).not.toContain('lake_commands_total{');
  });
});
