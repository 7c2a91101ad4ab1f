import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, ROOT } from '../run-lab.ts';

/** Runs `lab` like runLab does, but also says the pid of the lab process (its containers carry it as a label). */
export function runLabWithPid(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string; pid: number }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'lab.js'), ...args], {
      cwd: ROOT,
      env: {
        ...process.env,
        LAB_CURRICULUM: join(FIXTURES, 'curriculum'),
        LAB_WORKSPACE: join(ROOT, '.lab', 'test-workspace'),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr, pid: child.pid ?? 0 }));
  });
}

/** Containers (running, paused or stopped) started by one lab process. */
export const containersOfLab = (pid: number): string[] =>
  execFileSync(
    'docker',
    ['ps', '-aq', '--filter', 'label=dev.lab.managed=true', '--filter', `label=dev.lab.pid=${pid}`],
    {
      encoding: 'utf8',
    },
  )
    .split('\n')
    .filter(Boolean);

/** Pids of the processes whose working folder is `dir` (a learner program's folder). */
export function processesIn(dir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readlinkSync(`/proc/${entry}/cwd`) === dir) pids.push(Number(entry));
    } catch {}
  }
  return pids;
}
