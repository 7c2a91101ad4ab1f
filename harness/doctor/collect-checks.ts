import { execFile } from 'node:child_process';
import { accessSync, constants, mkdirSync } from 'node:fs';
import { promisify } from 'node:util';
import { STATE_DIR } from '../paths.ts';

const run = promisify(execFile);

export interface Check {
  readonly name: string;
  readonly ok: boolean;
  /** Needed by every project (false: only by projects with container services). */
  readonly essential: boolean;
  readonly detail: string;
  /** What to do when it is not ok. */
  readonly next?: string;
}

/** What `lab doctor` looks at: Node, a writable state folder, the Docker engine. */
export async function collectChecks(): Promise<Check[]> {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  const nodeOk = major > 20 || (major === 20 && minor >= 19);
  return [
    {
      name: 'node',
      ok: nodeOk,
      essential: true,
      detail: `Node ${process.versions.node}`,
      ...(nodeOk ? {} : { next: 'Install Node 20.19 or newer (a current LTS).' }),
    },
    stateDirCheck(),
    await dockerCheck(),
  ];
}

function stateDirCheck(): Check {
  try {
    mkdirSync(STATE_DIR, { recursive: true });
    accessSync(STATE_DIR, constants.W_OK);
    return { name: 'state folder', ok: true, essential: true, detail: `${STATE_DIR} is writable` };
  } catch (error) {
    return {
      name: 'state folder',
      ok: false,
      essential: true,
      detail: (error as Error).message,
      next: `Make ${STATE_DIR} writable.`,
    };
  }
}

async function dockerCheck(): Promise<Check> {
  try {
    const { stdout } = await run('docker', ['info', '--format', '{{.ServerVersion}}'], { timeout: 10_000 });
    return { name: 'docker engine', ok: true, essential: false, detail: `Docker engine ${stdout.trim()} answers` };
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    return {
      name: 'docker engine',
      ok: false,
      essential: false,
      detail: missing ? 'no docker client on PATH' : 'no Docker engine answers (docker info failed)',
      next: missing
        ? 'Install Docker (Debian: apt-get install -y docker.io); projects without services (25) work without it.'
        : 'Start the engine (e.g. `dockerd >/var/log/dockerd.log 2>&1 &` as root, or Docker Desktop); projects without services (25) work without it.',
    };
  }
}
