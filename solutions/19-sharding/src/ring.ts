/**
 * `ring --shards s1,s2,s3 --keys FILE`: prints {"assignments": {key: shard}} for every key of FILE
 * (one per line), with the same ring the service builds from SHARD_URLS.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { HashRing } from './hash-ring.ts';

const { values } = parseArgs({ options: { shards: { type: 'string' }, keys: { type: 'string' } } });
if (!values.shards || !values.keys) {
  process.stderr.write('usage: ring --shards s1,s2,s3 --keys FILE (one key per line)\n');
  process.exit(2);
}
const ring = new HashRing(values.shards.split(',').map((s) => s.trim()));
const assignments: Record<string, string> = {};
for (const key of readFileSync(values.keys, 'utf8').split('\n')) {
  if (key !== '') assignments[key] = ring.ownerOf(key);
}
process.stdout.write(`${JSON.stringify({ assignments })}\n`);
