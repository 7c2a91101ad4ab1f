import { docker } from '../services/docker-cli.ts';
import type { ServiceInfo } from '../services/started-service.ts';
import { recordFault } from './fault-ledger.ts';

export type ContainerAction = 'stop' | 'start' | 'pause' | 'unpause' | 'restart';

/** What a grader sees after a container fault: the service's URL may have changed (see `startContainer`). */
export interface ContainerFaultResult {
  readonly service: string;
  readonly containerId: string;
  readonly action: ContainerAction;
  /** The service URL after the action; a stopped container has none. */
  readonly url?: string;
  readonly ms: number;
}

/** Seconds Docker waits after SIGTERM before SIGKILL on stop/restart: a fault should be quick. */
const STOP_GRACE_S = 2;

/**
 * Stops, starts, pauses, unpauses or restarts a dependency container of the run, and records it in the
 * run's fault ledger first, so teardown undoes it even if the grader dies right after.
 * Docker gives a restarted container a new host port: the returned `url` is the new one.
 */
export async function containerFault(
  runDir: string,
  info: ServiceInfo,
  action: ContainerAction,
): Promise<ContainerFaultResult> {
  if (info.mode !== 'container' || !info.containerId) {
    throw new Error(
      `cannot ${action} ${info.name}: it is ${info.mode === 'external' ? 'an external service (lab neither starts nor stops it)' : 'not a container'}`,
    );
  }
  const containerId = info.containerId;
  recordFault(runDir, { kind: 'container', action, service: info.name, containerId });
  const started = performance.now();
  const args =
    action === 'stop' || action === 'restart'
      ? [action, '--time', String(STOP_GRACE_S), containerId]
      : [action, containerId];
  await dockerWithRetry(args, action);
  const url = action === 'stop' ? undefined : await currentUrl(info);
  return {
    service: info.name,
    containerId,
    action,
    ...(url ? { url } : {}),
    ms: Math.round(performance.now() - started),
  };
}

/**
 * Runs the docker action, once more after a short wait if a pause met "unable to freeze": the
 * kernel's freezer gives up when a process of the container is busy in the kernel at that moment
 * (seen under load); the second try nearly always succeeds.
 */
async function dockerWithRetry(args: string[], action: ContainerAction): Promise<void> {
  try {
    await docker(args);
  } catch (error) {
    if (action !== 'pause' || !/unable to freeze/i.test((error as Error).message)) throw error;
    await new Promise((resolve) => setTimeout(resolve, 500));
    await docker(args);
  }
}

/** The service URL with the host port Docker publishes now (services publish one port each). */
async function currentUrl(info: ServiceInfo): Promise<string> {
  const inspected = await docker(['inspect', '--format', '{{json .NetworkSettings.Ports}}', info.containerId ?? '']);
  const ports = JSON.parse(inspected) as Record<string, { HostIp: string; HostPort: string }[] | null> | null;
  const published = Object.values(ports ?? {}).filter((bindings) => bindings?.length);
  const hostPort = published.length === 1 ? published[0]?.[0]?.HostPort : undefined;
  if (!hostPort) return info.url;
  const url = new URL(info.url);
  url.port = hostPort;
  return url.toString();
}
