import { execFile } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..');
export const FIXTURES = join(ROOT, 'test', 'fixtures');

export interface LabRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** The lab process (its containers carry it as the label dev.lab.pid). */
  readonly pid: number;
}

/** Runs the real `lab` executable, as a learner or CI would, against the fixture curriculum by default. */
export function runLab(args: readonly string[], env: Record<string, string> = {}): Promise<LabRun> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [join(ROOT, 'bin', 'lab.js'), ...args],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          LAB_CURRICULUM: join(FIXTURES, 'curriculum'),
          LAB_WORKSPACE: join(ROOT, '.lab', 'test-workspace'),
          ...env,
        },
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr, pid: child.pid ?? 0 }),
    );
  });
}
