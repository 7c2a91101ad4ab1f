import { hostname } from 'node:os';
import type { ContainerRuntimeClient } from 'testcontainers';
import { LabError } from '../errors.ts';

/** The labels every container lab starts carries, so `lab doctor --cleanup` can find leftovers. */
export const MANAGED_LABEL = 'dev.lab.managed';
export const RUN_LABEL = 'dev.lab.run';
export const SERVICE_LABEL = 'dev.lab.service';
/** The lab process that owns it, and its host: a container whose owner is gone is a leftover. */
export const PID_LABEL = 'dev.lab.pid';
export const HOST_LABEL = 'dev.lab.host';
/**
 * A warm container kept between runs by `lab up`, valued with the workspace folder it serves: not a
 * leftover when its lab process is gone; `lab down` (in that workspace) removes it.
 */
export const KEEP_LABEL = 'dev.lab.keep';

/** The labels of a container started by this process for a run. */
export const managedLabels = (runId: string, service: string, keep?: string): Record<string, string> => ({
  [MANAGED_LABEL]: 'true',
  [RUN_LABEL]: runId,
  [SERVICE_LABEL]: service,
  [PID_LABEL]: String(process.pid),
  [HOST_LABEL]: hostname(),
  ...(keep ? { [KEEP_LABEL]: keep } : {}),
});

/**
 * Testcontainers settings this machine needs unless the user chose otherwise: no reaper (its image
 * cannot be pulled without a registry, so lab stops every container itself), and a fixed host for a
 * local engine (otherwise Testcontainers pulls alpine to find it).
 */
export function applyTestcontainersDefaults(): void {
  process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
  const dockerHost = process.env.DOCKER_HOST;
  if (!dockerHost || dockerHost.startsWith('unix://')) process.env.TESTCONTAINERS_HOST_OVERRIDE ??= 'localhost';
}

/** Testcontainers' client of the local Docker engine; a LabError saying what to do when none answers. */
export async function containerRuntime(): Promise<ContainerRuntimeClient> {
  applyTestcontainersDefaults();
  // Loaded on demand: only runs with container services pay for Testcontainers.
  const { getContainerRuntimeClient } = await import('testcontainers');
  try {
    return await getContainerRuntimeClient();
  } catch (error) {
    throw new LabError(`no Docker engine answers (${(error as Error).message})`, {
      kind: 'environment',
      next:
        'Start Docker (as root: `dockerd >/var/log/dockerd.log 2>&1 &`) and check with `lab doctor`; ' +
        'or run the services yourself and set LAB_REDIS_URL / LAB_DATABASE_URL (external mode).',
    });
  }
}

/** Force-removes every container of one run (belt and braces after a start-up that failed midway). */
export async function removeRunContainers(client: ContainerRuntimeClient, runId: string): Promise<void> {
  const dockerode = client.container.dockerode;
  const leftovers = await dockerode.listContainers({ all: true, filters: { label: [`${RUN_LABEL}=${runId}`] } });
  await Promise.all(leftovers.map((c) => dockerode.getContainer(c.Id).remove({ force: true, v: true })));
}
