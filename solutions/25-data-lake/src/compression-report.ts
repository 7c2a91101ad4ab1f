import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { openDb } from './db.ts';
import type { Cli } from './parse-cli.ts';
import { readCsv } from './read-csv.ts';
import { sqlString } from './sql-literal.ts';
import { COMPRESSIONS } from './write-partitions.ts';

export type CompressionReportOptions = Omit<Extract<Cli, { command: 'compression-report' }>, 'command'>;

/**
 * Writes the same rows once per codec and measures what each costs: bytes on disk (from the file
 * system, not an estimate), time to write, and time of one aggregate query over the file.
 */
export async function compressionReport({ input, out }: CompressionReportOptions) {
  const db = await openDb();
  try {
    // Load the CSV once, so write times measure Parquet encoding and compression, not CSV parsing.
    await db.all(`CREATE TEMP TABLE batch AS ${readCsv(input)}`);
    const codecs = [];
    for (const codec of COMPRESSIONS) {
      const file = `${codec}/part-0.parquet`;
      const path = join(out, file);
      await mkdir(join(out, codec), { recursive: true });

      let started = performance.now();
      await db.all(
        `COPY (SELECT * EXCLUDE (date) FROM batch) TO ${sqlString(path)} (FORMAT parquet, COMPRESSION ${codec})`,
      );
      const writeMs = Math.round(performance.now() - started);

      started = performance.now();
      await db.all(`SELECT country, count(*) AS orders, sum(amount) AS revenue
        FROM read_parquet(${sqlString(path)}) GROUP BY country`);
      const queryMs = Math.round(performance.now() - started);

      codecs.push({ codec, files: [file], bytes: (await stat(path)).size, writeMs, queryMs });
    }
    return { codecs };
  } finally {
    db.close();
  }
}
