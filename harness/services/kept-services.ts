import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { workspaceDir } from '../paths.ts';
import { KEEP_LABEL, MANAGED_LABEL } from './container-runtime.ts';
import { docker } from './docker-cli.ts';
import { SERVICES, type ServiceName } from './image-catalog.ts';
import type { WarmServers } from './start-services.ts';
import type { ServiceProgress } from './started-service.ts';
import { startWarmServices } from './warm-services.ts';

/**
 * Warm containers belong to a workspace (a learner's, or a test's own): `lab up` records them in
 * `<workspace>/.lab/warm-services.json` and labels them with the workspace folder; Docker's labels
 * stay the truth (see keptServers).
 */
export const keptFile = (): string => join(workspaceDir(), '.lab', 'warm-services.json');
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
  const file = keptFile();
  if (!existsSync(file)) return {};
  const parsed = keptFileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
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
  const warm = await startWarmServices(missing, { ...options, source: SOURCE, keep: workspaceDir() });
  const all = { ...current, ...warm.servers };
  mkdirSync(dirname(keptFile()), { recursive: true });
  const file = Object.fromEntries(
    Object.entries(all).map(([name, s]) => [
      name,
      { url: s.url, containerId: s.containerId ?? '', ...(s.image ? { image: s.image } : {}) },
    ]),
  );
  writeFileSync(keptFile(), `${JSON.stringify(file, null, 2)}\n`);
  return all;
}

/**
 * `lab down`: removes this workspace's kept containers (found by label, whatever the file says), or
 * every workspace's with `all`, and forgets them.
 */
export async function removeKeptServices(all = false): Promise<string[]> {
  const keep = all ? KEEP_LABEL : `${KEEP_LABEL}=${workspaceDir()}`;
  const filters = ['--filter', `label=${MANAGED_LABEL}=true`, '--filter', `label=${keep}`];
  const ids = (await docker(['ps', '-aq', ...filters])).split('\n').filter(Boolean);
  if (ids.length > 0) await docker(['rm', '-f', '-v', ...ids]);
  rmSync(keptFile(), { force: true });
  return ids;
}

/** Short ids of this workspace's running kept containers. */
async function runningKept(): Promise<Set<string>> {
  const filters = ['--filter', `label=${KEEP_LABEL}=${workspaceDir()}`, '--filter', 'status=running'];
  const out = await docker(['ps', '-q', ...filters]).catch(() => '');
  return new Set(
    out
      .split('\n')
      .filter(Boolean)
      .map((id) => id.slice(0, 12)),
  );
}
