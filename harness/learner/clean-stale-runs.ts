import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { STATE_DIR } from '../paths.ts';
import { killProcessGroup } from './run-learner-command.ts';

const OWNER_FILE = 'owner.pid';

/** Marks a run folder as owned by this lab process. */
export function claimRunDir(runDir: string): void {
  writeFileSync(join(runDir, OWNER_FILE), String(process.pid));
}

/**
 * A lab process that was killed outright (SIGKILL, power loss) could not tear down: its learner
 * process groups may still run. The next run kills them and removes the folder.
 */
export function cleanStaleRuns(runsDir = join(STATE_DIR, 'runs')): number {
  if (!existsSync(runsDir)) return 0;
  let cleaned = 0;
  for (const name of readdirSync(runsDir)) {
    const runDir = join(runsDir, name);
    const owner = Number(readOptional(join(runDir, OWNER_FILE)));
    if (!owner || isAlive(owner)) continue;
    killRegisteredGroups(join(runDir, 'pids'));
    rmSync(runDir, { recursive: true, force: true });
    cleaned += 1;
  }
  return cleaned;
}

/** Kills every learner process group registered in a run's pid folder: nothing outlives a run. */
export function killRegisteredGroups(pidDir: string): void {
  for (const pid of readdirOptional(pidDir)) killProcessGroup(Number(pid), 'SIGKILL');
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const readOptional = (file: string): string => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
};

const readdirOptional = (dir: string): string[] => {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
};
