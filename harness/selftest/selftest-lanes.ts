import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { LabError } from '../errors.ts';
import { LAB_ROOT, STATE_DIR } from '../paths.ts';
import type { SelftestResult } from './run-selftest.ts';

export interface LaneOptions {
  /** How many projects are graded at once. */
  readonly jobs: number;
  readonly repeat: number;
  readonly strict?: boolean;
  readonly signal: AbortSignal;
  /** Each line a project's selftest prints, already prefixed with its project id; none with `--json`. */
  readonly onLine?: (line: string) => void;
}

/**
 * `lab selftest --jobs N`: projects graded N at a time, each by a child `lab selftest <id>` of its
 * own. Processes, not concurrent calls in this one: a selftest creates vitest instances, warm
 * containers and signal handlers, and a process per project keeps them apart (a crash in one
 * cannot take another down). Each project has its own warm containers, so a fault one grader
 * causes (a paused database) never reaches another project's runs. Results come back through a
 * file per child; the order of `ids` is kept.
 */
export async function selftestInLanes(ids: readonly number[], options: LaneOptions): Promise<SelftestResult[]> {
  mkdirSync(STATE_DIR, { recursive: true });
  const dir = mkdtempSync(join(STATE_DIR, 'selftest-lanes-'));
  const results: SelftestResult[] = new Array(ids.length);
  let next = 0;
  const lane = async () => {
    while (next < ids.length && !options.signal.aborted) {
      const index = next++;
      results[index] = await selftestChild(ids[index] as number, join(dir, `${index}.json`), options);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(options.jobs, ids.length) }, lane));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (options.signal.aborted) {
    throw new LabError('interrupted: every selftest was stopped and tore down what it started', {
      kind: 'interrupted',
    });
  }
  return results;
}

async function selftestChild(id: number, resultFile: string, options: LaneOptions): Promise<SelftestResult> {
  const started = Date.now();
  const args = [join(LAB_ROOT, 'bin', 'lab.js'), 'selftest', String(id), '--repeat', String(options.repeat)];
  if (options.strict) args.push('--strict');
  args.push('--result-file', resultFile);
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  // Ctrl-C reaches children on a terminal anyway; this covers SIGTERM and non-terminal runs.
  const stop = () => child.kill('SIGINT');
  options.signal.addEventListener('abort', stop, { once: true });
  const tail: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      tail.push(line);
      if (tail.length > 20) tail.shift();
      options.onLine?.(`[${id}] ${line}`);
    });
  }
  const code = await new Promise<number | null>((resolve) => child.on('close', (exitCode) => resolve(exitCode)));
  options.signal.removeEventListener('abort', stop);
  try {
    const { results } = JSON.parse(readFileSync(resultFile, 'utf8')) as { results: SelftestResult[] };
    if (results[0]) return results[0];
  } catch {
    // No result: the child failed before the end; reported below.
  }
  const problem = `the selftest of project ${id} ended with exit code ${code} and no result; its last lines:\n${tail.join('\n')}`;
  return {
    exercise: id,
    ok: false,
    problems: [problem],
    solution: { ok: false, runs: [] },
    starter: { ok: false },
    mutants: [],
    durationMs: Date.now() - started,
  };
}
