import { InternalError } from '../errors.ts';
import { freePort } from '../learner/free-port.ts';
import type { ServiceName } from './image-catalog.ts';
import type { StartedService } from './started-service.ts';
import { ToxiproxyApi } from './toxiproxy-api.ts';
import { proxyName } from './toxiproxy-service.ts';

/**
 * Services that cannot sit behind a TCP proxy: Kafka clients connect to the broker's advertised
 * address, not to the one they were given; and Toxiproxy itself.
 */
const NOT_PROXIABLE: readonly ServiceName[] = ['kafka', 'toxiproxy'];

/**
 * Puts each named service of a run behind a Toxiproxy proxy (`lab_<runId>_<service>`, listening on a
 * 127.0.0.1 port lab picks) and returns the program's environment with every URL of that service
 * pointing at its proxy: DATABASE_URL, REDIS_URL, RABBITMQ_URL… The service's own ServiceInfo.url stays
 * the direct one, for graders (faults through the proxy; checks that must not be degraded go direct).
 */
export async function putBehindToxiproxy(
  toxiproxy: StartedService,
  started: readonly StartedService[],
  names: readonly ServiceName[],
  runId: string,
): Promise<Record<string, string>> {
  const api = new ToxiproxyApi(toxiproxy.info.url);
  const env: Record<string, string> = {};
  for (const name of names) {
    if (NOT_PROXIABLE.includes(name)) {
      // The manifest schema refuses these: reaching here is a bug.
      throw new InternalError('TOXIPROXY_LINK', `${name} cannot be put behind Toxiproxy`);
    }
    const service = started.find((s) => s.info.name === name);
    if (!service) throw new InternalError('TOXIPROXY_LINK', `${name} is behind Toxiproxy but not a service of the run`);
    const proxy = await createProxyTo(api, proxyName(runId, name), service.info.url);
    for (const [variable, value] of Object.entries(service.env)) {
      const proxied = proxy.proxied(value);
      if (proxied !== value) env[variable] = proxied;
    }
  }
  return env;
}

/** A proxy Toxiproxy listens for on a 127.0.0.1 port lab picked. */
export interface CreatedProxy {
  readonly name: string;
  /** The value with the upstream's host:port replaced by the proxy's, when it is a URL of the upstream. */
  proxied(value: string): string;
}

/** Creates the proxy `name` to the host:port of `directUrl`, listening on a free local port. */
export async function createProxyTo(api: ToxiproxyApi, name: string, directUrl: string): Promise<CreatedProxy> {
  const listenHost = new URL(api.url).hostname.replace(/^localhost$/, '127.0.0.1');
  const direct = new URL(directUrl);
  const upstream = `${direct.hostname}:${direct.port}`;
  const proxy = await api.createProxy(name, `${listenHost}:${await freePort()}`, upstream);
  const [listened = listenHost, port = ''] = splitHostPort(proxy.listen);
  const host = listened === '0.0.0.0' || listened === '[::]' ? listenHost : listened;
  return { name, proxied: (value) => throughProxy(value, upstream, host, port) };
}

/** The value with its host:port replaced when it is a URL of `upstream`; anything else unchanged. */
function throughProxy(value: string, upstream: string, host: string, port: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return value;
  }
  if (`${url.hostname}:${url.port}` !== upstream) return value;
  url.hostname = host;
  url.port = port;
  return url.toString();
}

const splitHostPort = (address: string): [string, string] => {
  const at = address.lastIndexOf(':');
  return [address.slice(0, at), address.slice(at + 1)];
};
