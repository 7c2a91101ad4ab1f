import { isServiceName, type ServiceName } from './image-catalog.ts';
import { newRunId } from './run-id.ts';
import { sharedServerFor, startServices, type WarmServers } from './start-services.ts';
import type { ServiceProgress, SharedServer } from './started-service.ts';

/** Containers started once and shared by several runs; each run still gets its own database / key prefix. */
export interface WarmServices extends AsyncDisposable {
  readonly servers: WarmServers;
  /** Stops the containers (idempotent). */
  stop(): Promise<void>;
}

export interface WarmOptions {
  /** Shown in the views as where the server comes from: `lab up`, `lab watch`. */
  readonly source: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (event: ServiceProgress) => void;
  /** Label them kept for this workspace folder, so they outlive this process (`lab up`) until `lab down`. */
  readonly keep?: string;
}

/**
 * Starts a container for each service that has no external URL, to be handed to several runs as
 * `warm` servers (`lab watch`, `lab up`): the second run skips container start-up, and isolation
 * stays per run (a fresh database and key prefix, dropped at the end of each run).
 */
export async function startWarmServices(names: readonly string[], options: WarmOptions): Promise<WarmServices> {
  // An unknown name goes through: startServices says lab cannot start it yet.
  const wanted = names.filter((name) => !isServiceName(name) || !sharedServerFor(name));
  const started = await startServices(wanted as ServiceName[], {
    runId: newRunId(),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.keep ? { keep: options.keep } : {}),
  });
  const servers: Partial<Record<ServiceName, SharedServer>> = {};
  for (const info of started.services) {
    const url = started.serverUrls[info.name];
    if (!url) continue;
    servers[info.name] = {
      url,
      mode: 'container',
      source: options.source,
      ...(info.image ? { image: info.image } : {}),
      ...(info.containerId ? { containerId: info.containerId } : {}),
    };
  }
  return { servers, stop: started.stop, [Symbol.asyncDispose]: started.stop };
}
