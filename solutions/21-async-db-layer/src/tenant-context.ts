import { AsyncLocalStorage } from 'node:async_hooks';
import { Problem } from './problem.ts';

/** The tenant of the request being served; it follows every await of that request. */
const storage = new AsyncLocalStorage<{ readonly tenant: string }>();

export const withTenant = <T>(tenant: string, fn: () => Promise<T>): Promise<T> => storage.run({ tenant }, fn);

/** The current tenant; a query outside any tenant context is a bug, refused rather than run unfiltered. */
export function currentTenant(): string {
  const store = storage.getStore();
  if (!store) throw new Problem(400, 'TENANT_REQUIRED', 'no tenant in context: send X-Tenant-Id');
  return store.tenant;
}
