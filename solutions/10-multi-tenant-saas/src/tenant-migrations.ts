import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** One migration of a --dir folder: NNN_name.up.sql with its NNN_name.down.sql. */
export interface Migration {
  readonly version: string;
  readonly up: string;
  readonly down: string;
}

/** Reads NNN_name.{up,down}.sql pairs in version order; a missing half is an error, not a skip. */
export async function readMigrations(dir: string): Promise<Migration[]> {
  const files = await readdir(dir);
  const versions = [
    ...new Set(files.map((f) => /^(\d+_[\w-]+)\.(up|down)\.sql$/.exec(f)?.[1]).filter(Boolean)),
  ] as string[];
  versions.sort();
  return Promise.all(
    versions.map(async (version) => {
      const read = (direction: string) =>
        readFile(join(dir, `${version}.${direction}.sql`), 'utf8').catch(() => {
          throw new Error(`${version}.${direction}.sql is missing in ${dir}: every migration needs both halves`);
        });
      return { version, up: await read('up'), down: await read('down') };
    }),
  );
}
