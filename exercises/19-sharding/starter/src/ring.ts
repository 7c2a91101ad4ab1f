/** `ring --shards s1,s2,s3 --keys FILE` → {"assignments": {key: shard}}, the same function the service uses. */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { shardOf } from './shard-of.ts';

const { values } = parseArgs({ options: { shards: { type: 'string' }, keys: { type: 'string' } } });
if (!values.shards || !values.keys) {
  process.stderr.write('usage: ring --shards s1,s2,s3 --keys FILE\n');
  process.exit(2);
}
const shards = values.shards.split(',');
const assignments: Record<string, string> = {};
for (const key of readFileSync(values.keys, 'utf8').split('\n')) {
  if (key !== '') assignments[key] = shardOf(key, shards);
}
process.stdout.write(`${JSON.stringify({ assignments })}\n`);
