import { execFile } from 'node:child_process';
import { accessSync, constants, mkdirSync } from 'node:fs';
import { promisify } from 'node:util';
import { STATE_DIR } from '../paths.ts';
import { listManagedContainers } from '../services/cleanup-containers.ts';
import { listImages } from '../services/list-images.ts';

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

/**
 * What `lab doctor` says about services, once an engine answers: for each dependency, the image a
 * run would use and whether it is here; and containers a killed run left behind.
 */
export async function collectServiceChecks(): Promise<Check[]> {
  const images = (await listImages()).map((i): Check => {
    const name = `${i.service} image`;
    const build = `\`lab images build ${i.service}\``;
    if (!i.usesPresent) {
      return {
        name,
        ok: false,
        essential: false,
        detail: `a run would use ${i.uses} (${i.usesSource}), which is not on this machine: Docker would try to pull it`,
        next: `${build} builds ${i.offline} from Debian packages, with no registry.`,
      };
    }
    const stale = i.usesSource === 'offline' && !i.offlineCurrent;
    return {
      name,
      ok: true,
      essential: false,
      detail: `${i.uses} (${i.usesSource}${stale ? ', built from an older recipe' : ''})`,
      ...(stale ? { next: `${build} rebuilds it.` } : {}),
    };
  });
  const managed = await listManagedContainers();
  const leftovers = managed.filter((c) => !c.inUse);
  const inUse = managed.length - leftovers.length;
  const running = inUse > 0 ? `; ${inUse} in use by a lab run going on` : '';
  const containers: Check =
    leftovers.length === 0
      ? { name: 'leftover containers', ok: true, essential: false, detail: `none${running}` }
      : {
          name: 'leftover containers',
          ok: false,
          essential: false,
          detail: `${leftovers.length} left by lab runs that are gone: ${leftovers.map((c) => `${c.id} (${c.image}, run ${c.run}, ${c.status})`).join('; ')}${running}`,
          next: '`lab doctor --cleanup` removes them.',
        };
  return [...images, containers];
}
