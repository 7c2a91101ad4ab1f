import { execFileSync } from 'node:child_process';
import { readdirSync, readlinkSync } from 'node:fs';

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
