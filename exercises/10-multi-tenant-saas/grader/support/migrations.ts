import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const scope = "tenant_id = current_setting('app.tenant_id')::uuid";

/**
 * Two data migrations on the contract's projects(tenant_id, name) table, each scoped to the
 * tenant whose context is set. 002 refuses any tenant that has a project named poison…
 */
export async function writeMigrations(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const files: Record<string, string> = {
    '001_suffix_v2.up.sql': `UPDATE projects SET name = name || ' v2' WHERE ${scope};`,
    '001_suffix_v2.down.sql': `UPDATE projects SET name = left(name, -3) WHERE ${scope} AND name LIKE '% v2';`,
    '002_suffix_v3.up.sql': `UPDATE projects SET name = name || ' v3' WHERE ${scope};
DO $$ BEGIN
  IF EXISTS (SELECT 1 FROM projects WHERE ${scope} AND name LIKE 'poison%') THEN
    RAISE EXCEPTION 'this tenant has a poison project: migration 002 refuses it';
  END IF;
END $$;`,
    '002_suffix_v3.down.sql': `UPDATE projects SET name = left(name, -3) WHERE ${scope} AND name LIKE '% v3';`,
  };
  for (const [name, sql] of Object.entries(files)) await writeFile(join(dir, name), sql);
}

/** One progress line of `migrate`. */
export interface ProgressLine {
  tenant?: unknown;
  migration?: unknown;
  direction?: unknown;
  status?: unknown;
  ms?: unknown;
}

/** The JSON lines of stdout (and stderr) that look like progress: they name a migration. */
export function progressLines(output: string): ProgressLine[] {
  return output
    .split('\n')
    .map((line) => {
      try {
        return JSON.parse(line) as ProgressLine;
      } catch {
        return undefined;
      }
    })
    .filter((line): line is ProgressLine => typeof line === 'object' && line !== null && 'migration' in line);
}
