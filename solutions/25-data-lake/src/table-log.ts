import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createJsonExclusive, readJson, writeJsonAtomic } from './json-files.ts';
import type { FileEntry, Snapshot } from './snapshot.ts';

/**
 * The table log: `_log/NNNNNNNNNNNNNNNNNNNN.json` holds version N, and creating that file is the
 * commit. `_manifest.json` is a copy of the newest version for humans and tools; it may lag a
 * moment behind the log, so readers follow the log.
 */
const LOG_DIR = '_log';
const LOG_FILE = /^(\d{20})\.json$/;

export const logPath = (lake: string, version: number): string =>
  join(lake, LOG_DIR, `${String(version).padStart(20, '0')}.json`);

/** The newest committed version, or undefined when the folder holds no table. */
export async function newestVersion(lake: string): Promise<number | undefined> {
  const names = await readdir(join(lake, LOG_DIR)).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  const versions = names.flatMap((name) => {
    const match = LOG_FILE.exec(name);
    return match?.[1] ? [Number(match[1])] : [];
  });
  return versions.length > 0 ? Math.max(...versions) : undefined;
}

/** Table version `version` (default: the newest committed one). */
export async function readSnapshot(lake: string, version?: number): Promise<Snapshot> {
  const wanted = version ?? (await newestVersion(lake));
  if (wanted === undefined) throw new Error(`${lake} holds no table: run \`lake ingest\` first`);
  try {
    return await readJson<Snapshot>(logPath(lake, wanted));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`${lake} has no table version ${wanted}`);
    throw error;
  }
}

/**
 * Commits `added` on top of `base` as the next version. If another writer committed that version
 * first, the files are added on top of its snapshot instead, and the next number is tried.
 */
export async function commitFiles(
  lake: string,
  base: Snapshot | undefined,
  added: readonly FileEntry[],
): Promise<Snapshot> {
  await mkdir(join(lake, LOG_DIR), { recursive: true });
  let parent = base;
  for (;;) {
    const snapshot: Snapshot = {
      version: parent ? parent.version + 1 : 0,
      files: [...(parent?.files ?? []), ...added],
    };
    if (await createJsonExclusive(logPath(lake, snapshot.version), snapshot)) return snapshot;
    // The first version is the lake's creation: two creators cannot both win.
    if (!parent) throw new Error(`${lake} already holds a table`);
    parent = await readSnapshot(lake, snapshot.version);
  }
}

/** Makes `_manifest.json` a copy of the newest version, even when writers commit concurrently. */
export async function publishManifest(lake: string): Promise<void> {
  for (let published: number | undefined; ; ) {
    const newest = await newestVersion(lake);
    if (newest === undefined || newest === published) return;
    await writeJsonAtomic(join(lake, '_manifest.json'), await readSnapshot(lake, newest));
    published = newest;
  }
}
