import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { STATE_DIR } from '../paths.ts';
import { KEEP_LABEL, MANAGED_LABEL } from './container-runtime.ts';
import { docker } from './docker-cli.ts';
import { SERVICES, type ServiceName } from './image-catalog.ts';
import type { WarmServers } from './start-services.ts';
import type { ServiceProgress } from './started-service.ts';
import { startWarmServices } from './warm-services.ts';

/** Where `lab up` records its warm containers; Docker's labels stay the truth (see keptServers). */
export const KEPT_FILE = join(STATE_DIR, 'warm-services.json');
const SOURCE = 'lab up';

const keptFileSchema = z.partialRecord(
  z.enum(SERVICES),
  z.object({ url: z.string(), containerId: z.string(), image: z.string().optional() }),
);

/**
 * The warm containers of `lab up` that still run. A container that is gone or stopped is dropped
 * (its run falls back to a container of its own). No file: no Docker call at all.
 */
export async function keptServers(): Promise<WarmServers> {
  if (!existsSync(KEPT_FILE)) return {};
  const parsed = keptFileSchema.safeParse(JSON.parse(readFileSync(KEPT_FILE, 'utf8')));
  if (!parsed.success) return {};
  const entries = Object.entries(parsed.data) as [ServiceName, z.infer<typeof keptFileSchema>[ServiceName]][];
  const running = await runningKept();
  const servers: Partial<Record<ServiceName, WarmServers[ServiceName]>> = {};
  for (const [name, kept] of entries) {
    if (!kept || !running.has(kept.containerId.slice(0, 12))) continue;
    servers[name] = {
      url: kept.url,
      mode: 'container',
      source: SOURCE,
      containerId: kept.containerId,
      ...(kept.image ? { image: kept.image } : {}),
    };
  }
  return servers;
}

/**
 * `lab up`: makes sure a warm container runs for each service (idempotent: running ones are kept),
 * labelled so it outlives this process and `lab doctor --cleanup` leaves it alone. Returns them all.
 */
export async function keepServices(
  names: readonly string[],
  options: { signal?: AbortSignal; onProgress?: (event: ServiceProgress) => void } = {},
): Promise<WarmServers> {
  const current = await keptServers();
  const missing = names.filter((name) => !current[name as ServiceName]);
  if (missing.length === 0) return current;
  const warm = await startWarmServices(missing, { ...options, source: SOURCE, keep: true });
  const all = { ...current, ...warm.servers };
  mkdirSync(dirname(KEPT_FILE), { recursive: true });
  const file = Object.fromEntries(
    Object.entries(all).map(([name, s]) => [
      name,
      { url: s.url, containerId: s.containerId ?? '', ...(s.image ? { image: s.image } : {}) },
    ]),
  );
  writeFileSync(KEPT_FILE, `${JSON.stringify(file, null, 2)}\n`);
  return all;
}

/** `lab down`: removes every kept container (found by label, whatever the file says) and forgets them. */
export async function removeKeptServices(): Promise<string[]> {
  const ids = (
    await docker(['ps', '-aq', '--filter', `label=${MANAGED_LABEL}=true`, '--filter', `label=${KEEP_LABEL}=true`])
  )
    .split('\n')
    .filter(Boolean);
  if (ids.length > 0) await docker(['rm', '-f', '-v', ...ids]);
  rmSync(KEPT_FILE, { force: true });
  return ids;
}

/** Short ids of running kept containers. */
async function runningKept(): Promise<Set<string>> {
  const out = await docker(['ps', '-q', '--filter', `label=${KEEP_LABEL}=true`, '--filter', 'status=running']).catch(
    () => '',
  );
  return new Set(
    out
      .split('\n')
      .filter(Boolean)
      .map((id) => id.slice(0, 12)),
  );
}
