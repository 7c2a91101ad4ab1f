import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { ServiceInfo } from '../../harness/services/started-service.ts';
import { ROOT } from '../run-lab.ts';

/** What fixtures/hold-services.ts prints once its services are up, or why they are not. */
export interface HeldRun {
  readonly env?: Record<string, string>;
  readonly services?: ServiceInfo[];
  readonly error?: { name: string; kind: string; message: string; next?: string };
}

/**
 * argv run in a private mount namespace where the Docker socket is /dev/null: "no engine answers"
 * for that process only, while the real engine keeps serving the rest of the suite (needs root).
 */
export const withoutEngine = (argv: readonly string[]): string[] => [
  'unshare',
  '--mount',
  '--propagation',
  'private',
  'sh',
  '-c',
  `mount --bind /dev/null ${realpathSync('/var/run/docker.sock')} && exec "$@"`,
  'sh',
  ...argv,
];

/** A lab run in another process (fixtures/hold-services.ts): its first JSON line, and the process. */
export function holdServices(
  names: readonly string[],
  options: { noEngine?: boolean; env?: Record<string, string> } = {},
): { readonly child: ChildProcess; readonly first: Promise<HeldRun> } {
  const node = [
    process.execPath,
    '--import',
    'tsx',
    join(import.meta.dirname, 'fixtures', 'hold-services.ts'),
    ...names,
  ];
  const [command = '', ...args] = options.noEngine ? withoutEngine(node) : node;
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const first = new Promise<HeldRun>((resolve, reject) => {
    createInterface({ input: child.stdout as NonNullable<typeof child.stdout> }).once('line', (line) =>
      resolve(JSON.parse(line)),
    );
    child.once('exit', (code) => reject(new Error(`hold-services exited (${code}) before printing`)));
  });
  return { child, first };
}

/** `lab <args>` without a Docker engine (see withoutEngine). */
export function runLabWithoutEngine(args: readonly string[]): Promise<{ code: number; stdout: string }> {
  const [command = '', ...rest] = withoutEngine([process.execPath, join(ROOT, 'bin', 'lab.js'), ...args]);
  return new Promise((resolve) =>
    execFile(command, rest, { cwd: ROOT }, (error, stdout) =>
      resolve({ code: error ? Number(error.code) : 0, stdout }),
    ),
  );
}
