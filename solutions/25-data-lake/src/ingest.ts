import { access, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { openDb } from './db.ts';
import type { Cli } from './parse-cli.ts';
import { readCsv } from './read-csv.ts';
import { readFileEntries } from './read-file-entries.ts';
import { commitFiles, publishManifest } from './table-log.ts';
import { writePartitions } from './write-partitions.ts';

export type IngestOptions = Omit<Extract<Cli, { command: 'ingest' }>, 'command'>;

/**
 * Creates a lake from a CSV: date-partitioned Parquet files first, then version 0 of the log
 * (the commit), then `_manifest.json`. Until the commit, readers see no table at all.
 */
export async function ingest({ input, lake, compression, clusterBy, rowGroupSize }: IngestOptions) {
  await assertNoTable(lake);
  await mkdir(lake, { recursive: true });
  const db = await openDb();
  try {
    const written = await writePartitions(db, {
      source: readCsv(input),
      dataDir: join(lake, 'data'),
      compression,
      clusterBy,
      rowGroupSize,
      append: false,
    });
    const files = await readFileEntries(db, lake, written);
    await commitFiles(lake, undefined, files);
    await publishManifest(lake);
    return { files: files.length, rows: files.reduce((sum, file) => sum + file.rows, 0) };
  } finally {
    db.close();
  }
}

async function assertNoTable(lake: string): Promise<void> {
  for (const name of ['_log', '_manifest.json', 'data']) {
    const exists = await access(join(lake, name)).then(
      () => true,
      () => false,
    );
    if (exists) {
      throw new Error(`${lake} already holds a lake (found ${name}): ingest into an empty folder, or use lake append`);
    }
  }
}
