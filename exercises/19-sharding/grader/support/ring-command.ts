import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { invokeJson, lab } from '../../../../harness/grading/grader-kit.ts';

let files = 0;

/** Runs `ring --shards … --keys FILE` and returns its assignments (every key must be there). */
export async function ringAssignments(
  shards: readonly string[],
  keys: readonly string[],
): Promise<Map<string, string>> {
  const file = join(lab().workDir, `ring-keys-${process.pid}-${files++}.txt`);
  writeFileSync(file, `${keys.join('\n')}\n`);
  const args = ['--shards', shards.join(','), '--keys', file];
  const out = await invokeJson<{ assignments?: Record<string, string> }>('ring', args, { timeoutMs: 60_000 });
  const assignments = out?.assignments;
  if (!assignments || typeof assignments !== 'object') {
    throw new Error(`ring ${args.join(' ')} printed no {"assignments": {…}} object`);
  }
  const missing = keys.filter((k) => typeof assignments[k] !== 'string');
  if (missing.length > 0) {
    throw new Error(
      `ring ${args.join(' ')} assigned no shard to ${missing.length} of ${keys.length} keys, e.g. ${JSON.stringify(missing.slice(0, 3))}`,
    );
  }
  return new Map(keys.map((k) => [k, assignments[k] as string]));
}
