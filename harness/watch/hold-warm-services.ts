import type { SERVICE_NAMES } from '../manifest/exercise-schema.ts';
import type { WarmServers } from '../services/start-services.ts';
import type { ServiceProgress } from '../services/started-service.ts';

/** The servers every run of a watch session shares, and how to let go of them when it ends. */
export interface HeldServices {
  readonly servers: WarmServers;
  /** Stops the containers this session started (never the ones of `lab up`). */
  stop(): Promise<void>;
}

/** Shown in the views as where a run's server comes from. */
export const WATCH_SOURCE = 'lab watch';

/**
 * Containers for a watch session, started once for all its runs: the warm containers of `lab up`
 * where they run, and one container of its own for each other service (an external URL from
 * LAB_REDIS_URL… is used as is). Each run still gets its own database / key prefix on them.
 */
export async function holdWarmServices(
  names: readonly (typeof SERVICE_NAMES)[number][],
  options: { readonly signal: AbortSignal; readonly onProgress: (event: ServiceProgress) => void },
): Promise<HeldServices> {
  // Loaded on demand: testcontainers is heavy and most projects' watch needs no container.
  const { keptServers } = await import('../services/kept-services.ts');
  const { startWarmServices } = await import('../services/warm-services.ts');
  const kept = await keptServers();
  const missing = names.filter((name) => !(name in kept));
  const own = await startWarmServices(missing, { source: WATCH_SOURCE, ...options });
  return { servers: { ...kept, ...own.servers }, stop: own.stop };
}
