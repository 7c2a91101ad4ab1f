import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { InternalError } from '../errors.ts';
import { LAB_ROOT } from '../paths.ts';

/** Dependencies lab can start today; each has a containers/<name>/ folder (image.json + offline recipe). */
export const SERVICES = ['redis', 'postgres', 'rabbitmq', 'toxiproxy', 'kafka'] as const;
export type ServiceName = (typeof SERVICES)[number];
export const isServiceName = (name: string): name is ServiceName => (SERVICES as readonly string[]).includes(name);

export const CONTAINERS_DIR = join(LAB_ROOT, 'containers');

const imageFileSchema = z.strictObject({
  /** The official image, pinned to the major.minor its offline recipe builds from Debian packages. */
  image: z.string().min(1),
  /** The local tag the offline recipe builds (`lab images build`); used whenever it is present. */
  offline: z.string().min(1),
});

/** Where a service's image comes from, read from containers/<name>/image.json (the one place tags live). */
export interface ImageSpec {
  readonly service: ServiceName;
  /** Official image, e.g. `redis:7.0`. */
  readonly image: string;
  /** Offline equivalent built by the recipe, e.g. `lab/redis:7.0-bookworm`. */
  readonly offline: string;
  /** Environment variable that overrides both, e.g. `LAB_IMAGE_REDIS`. */
  readonly overrideVariable: string;
  /** The recipe that builds `offline`: `containers/<name>/build.sh`. */
  readonly buildScript: string;
}

export function imageSpec(service: ServiceName): ImageSpec {
  const file = join(CONTAINERS_DIR, service, 'image.json');
  let parsed: z.infer<typeof imageFileSchema>;
  try {
    parsed = imageFileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch (error) {
    throw new InternalError('IMAGE_SPEC', `${file} is missing or invalid`, { cause: error });
  }
  return {
    service,
    ...parsed,
    overrideVariable: `LAB_IMAGE_${service.toUpperCase()}`,
    buildScript: join(CONTAINERS_DIR, service, 'build.sh'),
  };
}

/** A digest of a recipe (its folder, then the shared lib, files in C order): containers/lib/debian-rootfs.sh labels images with it. */
export function recipeDigest(service: ServiceName): string {
  const hash = createHash('sha256');
  for (const dir of [join(CONTAINERS_DIR, service), join(CONTAINERS_DIR, 'lib')]) {
    const names = readdirSync(dir).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    for (const name of names) hash.update(readFileSync(join(dir, name)));
  }
  return hash.digest('hex').slice(0, 16);
}
