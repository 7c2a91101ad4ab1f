import { join } from 'node:path';
import { openDb } from './db.ts';
import type { Cli } from './parse-cli.ts';
import { readCsv } from './read-csv.ts';
import { readFileEntries } from './read-file-entries.ts';
import { commitFiles, publishManifest, readSnapshot } from './table-log.ts';
import { writePartitions } from './write-partitions.ts';

export type AppendOptions = Omit<Extract<Cli, { command: 'append' }>, 'command'>;

/**
 * Adds a CSV as a new table version: new files under new names (invisible to readers, who only
 * follow the log), then the commit of the next log version, then `_manifest.json`.
 */
export async function append({ input, lake }: AppendOptions) {
  const base = await readSnapshot(lake);
  const db = await openDb();
  try {
    const written = await writePartitions(db, {
      source: readCsv(input),
      dataDir: join(lake, 'data'),
      compression: 'zstd',
      clusterBy: [],
      append: true,
    });
    const added = await readFileEntries(db, lake, written);
    const committed = await commitFiles(lake, base, added);
    await publishManifest(lake);
    return {
      version: committed.version,
      files: added.length,
      rows: added.reduce((sum, file) => sum + file.rows, 0),
    };
  } finally {
    db.close();
  }
}
