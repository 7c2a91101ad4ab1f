import { randomUUID } from 'node:crypto';
import { link, readFile, rename, unlink, writeFile } from 'node:fs/promises';

export async function readJson<T>(path: string): Promise<T> {
  return JSON.parse(await readFile(path, 'utf8')) as T;
}

const tempPathFor = (path: string) => `${path}.${randomUUID()}.tmp`;

/** Replaces `path` atomically: a reader sees the old document or the new one, never half of one. */
export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  const temp = tempPathFor(path);
  await writeFile(temp, `${JSON.stringify(value, null, 2)}\n`);
  await rename(temp, path);
}

/**
 * Creates `path` atomically and only if it does not exist yet; returns false if it does.
 * The document is written to a temporary file first, then hard-linked into place: link() fails
 * when the name is taken (like the 'wx' flag) and, unlike 'wx', never shows a half-written file.
 */
export async function createJsonExclusive(path: string, value: unknown): Promise<boolean> {
  const temp = tempPathFor(path);
  await writeFile(temp, `${JSON.stringify(value, null, 2)}\n`);
  try {
    await link(temp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(temp);
  }
}
