import { hostname } from 'node:os';
import { HOST_LABEL, KEEP_LABEL, MANAGED_LABEL, PID_LABEL, RUN_LABEL } from './container-runtime.ts';
import { docker } from './docker-cli.ts';

/** A container lab started (label dev.lab.managed=true). */
export interface ManagedContainer {
  readonly id: string;
  readonly image: string;
  readonly status: string;
  /** Its run id label. */
  readonly run: string;
  /** True while the lab process that started it runs on this host: then it is no leftover. */
  readonly inUse: boolean;
  /** Kept warm by `lab up`: never a leftover; `lab down` removes it. */
  readonly kept: boolean;
}

export async function listManagedContainers(): Promise<ManagedContainer[]> {
  const labels = [RUN_LABEL, PID_LABEL, HOST_LABEL, KEEP_LABEL].map((label) => `{{.Label "${label}"}}`).join('\t');
  const out = await docker([
    'ps',
    '-a',
    '--filter',
    `label=${MANAGED_LABEL}=true`,
    '--format',
    `{{.ID}}\t{{.Image}}\t{{.Status}}\t${labels}`,
  ]);
  return out
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [id = '', image = '', status = '', run = '', pid = '', host = '', keep = ''] = line.split('\t');
      const kept = keep !== '';
      // A container from another host is in use as far as lab can tell: it never removes it.
      const inUse = kept || (host !== '' && (host !== hostname() || isAlive(Number(pid))));
      return { id, image, status, run, inUse, kept };
    });
}

/**
 * Force-removes the containers lab left behind (their lab process is gone: killed, crashed), with
 * their anonymous volumes. Containers of a lab run still going on this host are kept.
 */
export async function removeLeftoverContainers(): Promise<ManagedContainer[]> {
  const leftovers = (await listManagedContainers()).filter((c) => !c.inUse);
  if (leftovers.length > 0) await docker(['rm', '-f', '-v', ...leftovers.map((c) => c.id)]);
  return leftovers;
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
