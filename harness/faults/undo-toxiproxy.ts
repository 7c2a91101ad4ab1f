import { ToxiproxyApi } from '../services/toxiproxy-api.ts';
import type { FaultEntry } from './fault-ledger.ts';

/**
 * Undoes the Toxiproxy faults of a run's ledger: removes every toxic a grader added (one already
 * removed is fine) and enables every proxy a grader cut. A Toxiproxy that no longer answers has
 * nothing left to undo (its container went with the run). Returns what it undid; appends failures.
 */
export async function undoToxiproxyFaults(faults: readonly FaultEntry[], failed: string[]): Promise<string[]> {
  const undone: string[] = [];
  const toxics = new Map<string, { api: string; proxy: string; toxic: string }>();
  const cuts = new Map<string, { api: string; proxy: string }>();
  for (const fault of faults) {
    if (fault.kind === 'toxic') toxics.set(`${fault.api} ${fault.proxy}/${fault.toxic}`, fault);
    if (fault.kind === 'proxy-cut') cuts.set(`${fault.api} ${fault.proxy}`, fault);
  }
  for (const { api, proxy, toxic } of toxics.values()) {
    await attempt(`${proxy}/${toxic}`, () => new ToxiproxyApi(api).removeToxic(proxy, toxic), undone, failed);
  }
  for (const { api, proxy } of cuts.values()) {
    await attempt(proxy, () => enableIfPresent(new ToxiproxyApi(api), proxy), undone, failed);
  }
  return undone;
}

async function enableIfPresent(api: ToxiproxyApi, proxy: string): Promise<void> {
  if ((await api.proxies()).some((p) => p.name === proxy)) await api.setEnabled(proxy, true);
}

async function attempt(what: string, undo: () => Promise<void>, undone: string[], failed: string[]): Promise<void> {
  try {
    await undo();
    undone.push(what);
  } catch (error) {
    // Nothing answers: the Toxiproxy container is gone, and its proxies and toxics with it.
    if ((error as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED') return;
    failed.push(`toxiproxy ${what}: ${(error as Error).message}`);
  }
}
