import { execFile } from 'node:child_process';
import { LabError } from '../errors.ts';

/** Runs the `docker` client; a LabError saying what to do when it is missing or no engine answers. */
export function docker(args: readonly string[], options: { timeoutMs?: number } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'docker',
      args,
      { timeout: options.timeoutMs ?? 60_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
          return reject(
            new LabError('no docker client on PATH', {
              kind: 'environment',
              next: 'Install Docker (Debian: `apt-get install -y docker.io`), then `lab doctor`.',
            }),
          );
        }
        if (/Cannot connect to the Docker daemon|Is the docker daemon running|error during connect/i.test(stderr)) {
          return reject(
            new LabError('no Docker engine answers', {
              kind: 'environment',
              next: 'Start it (as root: `dockerd >/var/log/dockerd.log 2>&1 &`), then `lab doctor`.',
            }),
          );
        }
        if (/permission denied while trying to connect/i.test(stderr)) {
          return reject(
            new LabError('the Docker engine refused this user (permission denied on its socket)', {
              kind: 'environment',
              next: 'Add the user to the docker group (then log in again), or run lab as root.',
            }),
          );
        }
        reject(Object.assign(new Error(`docker ${args.join(' ')}: ${stderr.trim() || error.message}`), { stderr }));
      },
    );
  });
}

/** A local image's id and the recipe digest it was built from; undefined when it is not on this machine. */
export async function inspectImage(tag: string): Promise<{ id: string; recipe?: string } | undefined> {
  try {
    const out = await docker(['image', 'inspect', '--format', '{{.Id}}\t{{json .Config.Labels}}', tag]);
    const [id = '', labels = 'null'] = out.trim().split('\t');
    const recipe = (JSON.parse(labels) as Record<string, string> | null)?.['dev.lab.recipe'];
    return { id, ...(recipe ? { recipe } : {}) };
  } catch (error) {
    if (error instanceof LabError) throw error;
    if (/No such image/i.test((error as { stderr?: string }).stderr ?? '')) return undefined;
    throw error;
  }
}
