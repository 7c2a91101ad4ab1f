import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

export interface LeftoverProcess {
  readonly pid: number;
  readonly command: string;
}

/**
 * Processes still alive that a lab session started: in the session of its pseudo-terminal (vitest
 * workers, anything lab spawned without detaching), or running from the learner's folder (learner
 * programs get their own session and process group, so only their folder gives them away).
 * A marker narrows the search to the processes whose command line carries it. Never match a marker
 * alone: test files run side by side, and another file's run of the same fixture carries it too.
 */
export function leftoverProcesses(options: { sessionId?: number; folder: string; marker?: string }): LeftoverProcess[] {
  const found: LeftoverProcess[] = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // Fields after the command (which may hold spaces), from field 3: state ppid pgrp session …
      const [state, , , session] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (state === 'Z') continue; // already dead, waiting for its parent to reap it
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
      const cwd = safeReadlink(`/proc/${pid}/cwd`);
      const inFolder = cwd === options.folder || cwd.startsWith(`${options.folder}/`);
      const ours = Number(session) === options.sessionId || inFolder || command.includes(options.folder);
      if (ours && (!options.marker || command.includes(options.marker))) {
        found.push({ pid, command });
      }
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

const safeReadlink = (path: string): string => {
  try {
    return readlinkSync(path);
  } catch {
    return '';
  }
};
