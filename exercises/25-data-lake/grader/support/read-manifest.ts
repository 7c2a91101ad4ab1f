import { readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { z } from 'zod';

const range = <T extends z.ZodType>(value: T) => z.object({ min: value, max: value });

/** One data file as `_manifest.json` (and every `_log/` version) lists it. */
const manifestFileSchema = z.object({
  path: z.string().min(1),
  partition: z.object({ date: z.string() }),
  rows: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  stats: z.object({
    event_id: range(z.number()),
    event_time: range(z.string()),
    amount: range(z.number()),
  }),
});
const manifestSchema = z.object({ files: z.array(manifestFileSchema) });

export type ManifestFile = z.infer<typeof manifestFileSchema>;
export type Manifest = z.infer<typeof manifestSchema>;

/** Reads a document in the manifest's shape; throws a message that says which field is wrong. */
export function readManifest(path: string): Manifest {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new Error(`${path} does not exist or cannot be read`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) throw new Error(`${path} is not in the manifest's shape:\n${z.prettifyError(parsed.error)}`);
  // Paths are relative to the lake; "./data/x" and "data/x" name the same file.
  return { files: parsed.data.files.map((file) => ({ ...file, path: posix.normalize(file.path) })) };
}
