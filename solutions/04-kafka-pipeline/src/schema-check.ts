import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import avro from 'avsc';
import { checkCompatibility, type Mode } from './compat.ts';

const USAGE = 'usage: schema-check --current A.avsc --candidate B.avsc --mode backward|forward|full';

function fail(message: string): never {
  process.stderr.write(`${JSON.stringify({ level: 'error', time: new Date().toISOString(), msg: message })}\n`);
  process.exit(2);
}

function load(option: string, file: string | undefined): avro.Type {
  if (!file) fail(`--${option} is missing; ${USAGE}`);
  try {
    return avro.Type.forSchema(JSON.parse(readFileSync(file, 'utf8')));
  } catch (error) {
    fail(`--${option} ${file} is not a readable Avro schema: ${(error as Error).message}`);
  }
}

/** `schema-check`: exit 0 with {"compatible": true}, or exit 1 with the errors naming each field. */
let values: Record<string, string | undefined>;
try {
  ({ values } = parseArgs({
    options: { current: { type: 'string' }, candidate: { type: 'string' }, mode: { type: 'string' } },
  }));
} catch (error) {
  fail(`${(error as Error).message}; ${USAGE}`);
}
const mode = values.mode ?? 'backward';
if (!['backward', 'forward', 'full'].includes(mode)) fail(`--mode ${mode} is not backward, forward or full; ${USAGE}`);
const errors = checkCompatibility(load('current', values.current), load('candidate', values.candidate), mode as Mode);
process.stdout.write(`${JSON.stringify(errors.length === 0 ? { compatible: true } : { compatible: false, errors })}\n`);
process.exitCode = errors.length === 0 ? 0 : 1;
