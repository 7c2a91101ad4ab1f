/**
 * What graders use to degrade the link between the learner's program and a dependency the manifest
 * puts behind Toxiproxy (`"toxiproxy": ["postgres"]`); re-exported by grader-kit. Every toxic and
 * every cut is recorded in the run's fault ledger before it is made, so lab's teardown undoes it even
 * if the grader dies right after.
 */
import { dirname } from 'node:path';
import { inject } from 'vitest';
import { type Toxic, type ToxicSpec, type ToxicStream, ToxiproxyApi } from '../services/toxiproxy-api.ts';
import { createProxyTo } from '../services/toxiproxy-links.ts';
import { proxyName } from '../services/toxiproxy-service.ts';
import { recordFault } from './fault-ledger.ts';

export type { Toxic, ToxicStream } from '../services/toxiproxy-api.ts';

/** Which way a toxic acts, and on what share of connections. */
export interface ToxicOptions {
  /** `downstream` (default): data from the dependency to the program; `upstream`: the other way. */
  readonly stream?: ToxicStream;
  /** 0..1, default 1: every connection. */
  readonly toxicity?: number;
}

/** The proxied link to one dependency. Each method returns once Toxiproxy applied it. */
export interface ToxiproxyLink {
  readonly service: string;
  /** The proxy's name in Toxiproxy (`lab_<runId>_<service>`). */
  readonly proxy: string;
  /** The dependency's own URL, not through the proxy: checks that must not be degraded use it. */
  readonly directUrl: string;
  /** Adds `ms` (± `jitterMs`) to every chunk of data; returns the toxic's name. */
  latency(ms: number, options?: ToxicOptions & { readonly jitterMs?: number }): Promise<string>;
  /** Data stops; connections are closed after `ms` (0: held open, silent, until the toxic goes). */
  timeout(ms: number, options?: ToxicOptions): Promise<string>;
  /** Connections are reset (TCP RST) after `ms` (0: at once). */
  resetPeer(ms?: number, options?: ToxicOptions): Promise<string>;
  /** At most `kbPerSecond` KB/s. */
  bandwidth(kbPerSecond: number, options?: ToxicOptions): Promise<string>;
  /** Removes one toxic by the name an adder returned. */
  remove(toxic: string): Promise<void>;
  /** Cuts the link: open connections close, new ones are refused, until restore(). */
  cut(): Promise<void>;
  /** Enables the link again and removes every toxic: the dependency answers as before. */
  restore(): Promise<void>;
  /** The toxics in place now. */
  toxics(): Promise<Toxic[]>;
}

/**
 * The link of the running grader's program to `service` (which the manifest's `toxiproxy` names).
 * Use it from a grader file: it reads the run from vitest's provided `lab` context.
 */
export function toxiproxy(service: string): ToxiproxyLink {
  const ctx = inject('lab');
  const { server, target } = proxiable(service, 'list it in the manifest\'s "toxiproxy"');
  return toxiproxyLink({
    api: server.url,
    proxy: proxyName(ctx.runId, service),
    service,
    directUrl: target.url,
    runDir: dirname(ctx.pidDir),
  });
}

/** A link of one criterion's own: only the program instances given `proxied(url)` go through it. */
export interface CriterionToxiproxyLink extends ToxiproxyLink {
  /** A direct URL of the service (e.g. a `freshDatabase` URL) rewritten to go through this proxy. */
  proxied(directUrl: string): string;
}

/**
 * A proxy of one criterion's own to `service` (`lab_<runId>_<service>_<label>`), for faults that must
 * not reach the criterion lab runs beside it: cutting the manifest's shared link would cut both. Give
 * the instances under test `proxied(url)`; the proxy goes with the run's Toxiproxy at teardown.
 */
export async function criterionToxiproxy(service: string, label: string): Promise<CriterionToxiproxyLink> {
  const ctx = inject('lab');
  const { server, target } = proxiable(service, 'list "toxiproxy" and it in the manifest\'s "services"');
  const proxy = await createProxyTo(
    new ToxiproxyApi(server.url),
    `${proxyName(ctx.runId, service)}_${label}`,
    target.url,
  );
  const link = toxiproxyLink({
    api: server.url,
    proxy: proxy.name,
    service,
    directUrl: target.url,
    runDir: dirname(ctx.pidDir),
  });
  return { ...link, proxied: proxy.proxied };
}

/** The run's Toxiproxy and the service a link would lead to; a clear error when either is missing. */
function proxiable(service: string, next: string) {
  const ctx = inject('lab');
  const server = ctx.services.find((s) => s.name === 'toxiproxy');
  const target = ctx.services.find((s) => s.name === service);
  if (!server || !target) {
    const known = ctx.services.map((s) => s.name).join(', ') || 'none';
    throw new Error(`this run has no Toxiproxy link to "${service}": ${next} (services: ${known})`);
  }
  return { server, target };
}

let sequence = 0;

/** The link itself, for any caller that knows the run folder (the ledger) and the proxy. */
export function toxiproxyLink(link: {
  readonly api: string;
  readonly proxy: string;
  readonly service: string;
  readonly directUrl: string;
  /** The run folder: the fault ledger lives there. */
  readonly runDir: string;
}): ToxiproxyLink {
  const api = new ToxiproxyApi(link.api);
  const add = async (spec: ToxicSpec, options: ToxicOptions = {}): Promise<string> => {
    const stream = options.stream ?? 'downstream';
    // Unique across the grader's workers: a name Toxiproxy already has is refused.
    const name = `${spec.type}_${stream}_${process.pid}_${++sequence}`;
    recordFault(link.runDir, { kind: 'toxic', api: api.url, proxy: link.proxy, toxic: name });
    await api.addToxic(link.proxy, { ...spec, name, stream, toxicity: options.toxicity ?? 1 });
    return name;
  };
  return {
    service: link.service,
    proxy: link.proxy,
    directUrl: link.directUrl,
    latency: (ms, options = {}) =>
      add({ type: 'latency', attributes: { latency: ms, jitter: options.jitterMs ?? 0 } }, options),
    timeout: (ms, options) => add({ type: 'timeout', attributes: { timeout: ms } }, options),
    resetPeer: (ms = 0, options = {}) => add({ type: 'reset_peer', attributes: { timeout: ms } }, options),
    bandwidth: (kbPerSecond, options) => add({ type: 'bandwidth', attributes: { rate: kbPerSecond } }, options),
    remove: (toxic) => api.removeToxic(link.proxy, toxic),
    cut: async () => {
      recordFault(link.runDir, { kind: 'proxy-cut', api: api.url, proxy: link.proxy });
      await api.setEnabled(link.proxy, false);
    },
    restore: async () => {
      await api.setEnabled(link.proxy, true);
      const { toxics } = await api.proxy(link.proxy);
      await Promise.all(toxics.map((t) => api.removeToxic(link.proxy, t.name)));
    },
    toxics: async () => [...(await api.proxy(link.proxy)).toxics],
  };
}
