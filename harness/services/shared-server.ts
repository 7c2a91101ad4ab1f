import type { SharedServer } from './started-service.ts';

/** The container fields of a shared server's ServiceInfo: a warm container can still be faulted. */
export const containerOf = (shared: SharedServer): { readonly image?: string; readonly containerId?: string } => ({
  ...(shared.image ? { image: shared.image } : {}),
  ...(shared.containerId ? { containerId: shared.containerId } : {}),
});

/** What to do when a server does not answer, by where it came from. */
export function nextStepForServer(service: 'redis' | 'postgres', source: string): string {
  const variable = service === 'redis' ? 'LAB_REDIS_URL' : 'LAB_DATABASE_URL';
  if (source === variable) {
    const role = service === 'postgres' ? ' (with a role that may CREATE DATABASE)' : '';
    return `Start that server, fix ${variable}${role}, or unset it to let lab start a container.`;
  }
  if (source === 'lab up')
    return 'Its warm container is gone or broken: `lab down`, then `lab up` again (or just `lab verify`).';
  return `Rebuild lab's image with \`lab images build ${service} --force\`, and check \`lab doctor\`.`;
}
