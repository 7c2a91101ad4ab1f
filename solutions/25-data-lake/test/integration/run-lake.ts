import { execFile } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
export const EXAMPLE_CSV = join(ROOT, 'examples', 'events.csv');

export interface LakeRun {
  readonly code: number;
  readonly output: Record<string, unknown>;
  readonly stderr: string;
}

/** Runs the real CLI as lab does (its own process, TZ=UTC) and parses the one JSON document it prints. */
export function runLake(args: readonly string[], env: Record<string, string> = {}): Promise<LakeRun> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/lake.ts', ...args],
      { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TZ: 'UTC', ...env } },
      (error, stdout, stderr) => {
        try {
          const code = error ? Number(error.code ?? 1) : 0;
          resolve({ code, output: JSON.parse(stdout) as Record<string, unknown>, stderr });
        } catch {
          reject(new Error(`lake ${args.join(' ')} printed no JSON document:\n${stdout}\n${stderr}`));
        }
      },
    );
  });
}
