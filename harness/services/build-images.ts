import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { createInterface } from 'node:readline';
import { LabError } from '../errors.ts';
import { STATE_DIR } from '../paths.ts';
import { docker, inspectImage } from './docker-cli.ts';
import { imageSpec, recipeDigest, type ServiceName } from './image-catalog.ts';

/** Progress of `lab images build`. */
export type BuildEvent =
  | { readonly type: 'skip'; readonly service: ServiceName; readonly tag: string; readonly reason: string }
  | { readonly type: 'build'; readonly service: ServiceName; readonly tag: string; readonly reason: string }
  | { readonly type: 'line'; readonly service: ServiceName; readonly line: string }
  | { readonly type: 'built'; readonly service: ServiceName; readonly tag: string; readonly ms: number };

export interface BuildResult {
  readonly service: ServiceName;
  readonly tag: string;
  readonly state: 'skipped' | 'built';
  readonly ms: number;
}

// debootstrap and chroot live in the sbin folders, which a non-login PATH may lack.
const BUILD_PATH = [process.env.PATH ?? '', '/usr/local/sbin', '/usr/sbin', '/sbin'].join(delimiter);

/**
 * Builds the offline images that are missing or were built from an older recipe (all of them
 * with `force`), one after the other, with containers/<name>/build.sh.
 */
export async function buildImages(
  services: readonly ServiceName[],
  options: { force?: boolean; onEvent?: (event: BuildEvent) => void } = {},
): Promise<BuildResult[]> {
  const onEvent = options.onEvent ?? (() => {});
  const plan = await Promise.all(
    services.map(async (service) => {
      const tag = imageSpec(service).offline;
      const current = await inspectImage(tag);
      const reason = options.force
        ? '--force'
        : !current
          ? 'not on this machine'
          : current.recipe !== recipeDigest(service)
            ? 'built from an older recipe'
            : undefined;
      return { service, tag, reason, oldId: current?.id };
    }),
  );
  if (plan.some((p) => p.reason)) assertCanBuild();
  const results: BuildResult[] = [];
  for (const { service, tag, reason, oldId } of plan) {
    if (!reason) {
      onEvent({ type: 'skip', service, tag, reason: 'present and built from the current recipe' });
      results.push({ service, tag, state: 'skipped', ms: 0 });
      continue;
    }
    onEvent({ type: 'build', service, tag, reason });
    const startedAt = Date.now();
    await runRecipe(service, tag, (line) => onEvent({ type: 'line', service, line }));
    const built = await inspectImage(tag);
    // The image it replaces is left untagged: remove it (it fails, harmlessly, while a container uses it).
    if (oldId && built?.id !== oldId) await docker(['image', 'rm', oldId]).catch(() => {});
    const ms = Date.now() - startedAt;
    onEvent({ type: 'built', service, tag, ms });
    results.push({ service, tag, state: 'built', ms });
  }
  return results;
}

function assertCanBuild(): void {
  if (process.getuid?.() !== 0) {
    throw new LabError('building offline images needs root (debootstrap and chroot make a Debian root filesystem)', {
      kind: 'environment',
      next: 'Run it as root, e.g. `sudo node bin/lab.js images build`, or `sudo bash containers/ci-prepare.sh`.',
    });
  }
  const found = BUILD_PATH.split(delimiter).some((dir) => dir && existsSync(join(dir, 'debootstrap')));
  if (!found) {
    throw new LabError('debootstrap is not installed (it builds the Debian root filesystem of offline images)', {
      kind: 'environment',
      next: 'Install it: `apt-get install -y debootstrap` (or run `bash containers/ci-prepare.sh`), then retry.',
    });
  }
}

function runRecipe(service: ServiceName, tag: string, onLine: (line: string) => void): Promise<void> {
  const { buildScript } = imageSpec(service);
  const tail: string[] = [];
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [buildScript, tag], {
      env: { ...process.env, PATH: BUILD_PATH, LAB_ROOTFS_CACHE: join(STATE_DIR, 'cache', 'images') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => {
        tail.push(line);
        tail.splice(0, Math.max(0, tail.length - 15));
        onLine(line);
      });
    }
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) return resolve();
      reject(
        new LabError(`building ${tag} failed (${signal ?? `exit ${code}`}):\n${tail.join('\n')}`, {
          kind: 'environment',
          next: `Check access to deb.debian.org (or set LAB_DEBIAN_MIRROR), then retry \`lab images build ${service}\`.`,
        }),
      );
    });
  });
}
