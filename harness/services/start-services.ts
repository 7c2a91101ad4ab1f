import { InternalError, LabError } from '../errors.ts';
import type { SERVICE_NAMES } from '../manifest/exercise-schema.ts';
import { containerRuntime, removeRunContainers } from './container-runtime.ts';
import { isServiceName, SERVICES, type ServiceName } from './image-catalog.ts';
import { startKafka } from './kafka-service.ts';
import { startPostgres } from './postgres-service.ts';
import { startRabbitMQ } from './rabbitmq-service.ts';
import { startRedis } from './redis-service.ts';
import { assertRunId } from './run-id.ts';
import type { ServiceInfo, ServiceProgress, ServiceRun, SharedServer, StartedService } from './started-service.ts';
import { putBehindToxiproxy } from './toxiproxy-links.ts';
import { startToxiproxy } from './toxiproxy-service.ts';

/** One small file per dependency: how each service starts (container or external) and isolates a run. */
const CATALOG: Record<ServiceName, { start: (run: ServiceRun) => Promise<StartedService>; external: string }> = {
  redis: { start: startRedis, external: 'LAB_REDIS_URL' },
  postgres: { start: startPostgres, external: 'LAB_DATABASE_URL' },
  rabbitmq: { start: startRabbitMQ, external: 'LAB_RABBITMQ_URL' },
  toxiproxy: { start: startToxiproxy, external: 'LAB_TOXIPROXY_URL' },
  kafka: { start: startKafka, external: 'LAB_KAFKA_BROKERS' },
};

/** The variable that switches a service to external mode (its URL), e.g. LAB_REDIS_URL. */
export const externalVariable = (name: ServiceName): string => CATALOG[name].external;

/** Servers of warm containers kept between runs (`lab up`, `lab watch`), by service. */
export type WarmServers = Readonly<Partial<Record<ServiceName, SharedServer>>>;

/** The server a run shares for a service, if any: an external URL from env wins over a warm container. */
export function sharedServerFor(name: ServiceName, warm: WarmServers = {}): SharedServer | undefined {
  const variable = CATALOG[name].external;
  const external = process.env[variable]?.trim();
  if (external) return { url: external, mode: 'external', source: variable };
  return warm[name];
}

/** Starts one service for a run, on the server given (shared) or in a container of its own. */
export const startService = (name: ServiceName, run: ServiceRun): Promise<StartedService> => CATALOG[name].start(run);

export interface StartServicesOptions {
  /** Names this run's databases, key prefix and container labels (see newRunId()). */
  readonly runId: string;
  /** Aborting (Ctrl-C) stops what has started and throws an `interrupted` LabError. */
  readonly signal?: AbortSignal;
  readonly onProgress?: (event: ServiceProgress) => void;
  /** How long one container may take to become ready; default 60 s. */
  readonly startupTimeoutMs?: number;
  /** Warm containers to use instead of starting new ones (each run still gets its own database / key prefix). */
  readonly warm?: WarmServers;
  /** Label the containers started here as kept for this workspace (`lab up`): they outlive this process until `lab down`. */
  readonly keep?: string;
  /**
   * Services to put behind Toxiproxy (the manifest's `toxiproxy`): toxiproxy starts too, and the
   * program's URLs of these services point at their proxies; `urls` and `services` keep the direct ones.
   */
  readonly toxiproxy?: readonly (typeof SERVICE_NAMES)[number][];
}

/** The services of one run. Stop them in a `finally`, or hold them with `await using`. */
export interface StartedServices extends AsyncDisposable {
  readonly runId: string;
  /** What the learner's program receives: REDIS_URL, KEY_PREFIX, DATABASE_URL… (through Toxiproxy for `toxiproxy` services). */
  readonly env: Readonly<Record<string, string>>;
  /** Each service's URL, for the grader (the one the program receives, unless it goes through Toxiproxy: then the direct one). */
  readonly urls: Readonly<Partial<Record<ServiceName, string>>>;
  readonly services: readonly ServiceInfo[];
  /** Each server's base URL (no run database or prefix), to share the containers with later runs. */
  readonly serverUrls: Readonly<Partial<Record<ServiceName, string>>>;
  /** Stops every container this run started (idempotent); throws after trying all if one resisted. */
  stop(): Promise<void>;
}

/**
 * Starts the services a project needs, concurrently, each isolated for this run. If any fails,
 * everything already started is stopped before the error is thrown: nothing outlives a failed start.
 */
export async function startServices(
  names: readonly (typeof SERVICE_NAMES)[number][],
  options: StartServicesOptions,
): Promise<StartedServices> {
  assertRunId(options.runId);
  const proxied = [...new Set(options.toxiproxy ?? [])];
  const wanted = [...new Set([...names, ...(proxied.length > 0 ? (['toxiproxy'] as const) : [])])];
  const unknown = [...new Set([...wanted, ...proxied])].filter((name) => !isServiceName(name));
  if (unknown.length > 0) {
    throw new InternalError(
      'SERVICE_UNAVAILABLE',
      `lab cannot start ${unknown.join(', ')} yet (only ${SERVICES.join(', ')})`,
    );
  }
  const interrupted = () =>
    new LabError('interrupted: the run was stopped and everything it started was torn down', { kind: 'interrupted' });
  if (options.signal?.aborted) throw interrupted();
  const run: ServiceRun = {
    runId: options.runId,
    startupTimeoutMs: options.startupTimeoutMs ?? 60_000,
    onProgress: options.onProgress ?? (() => {}),
    ...(options.keep ? { keep: options.keep } : {}),
  };
  const services = wanted as ServiceName[];
  const started: StartedService[] = [];
  const results = await Promise.allSettled(
    services.map(async (name) => {
      const shared = sharedServerFor(name, options.warm);
      started.push(await startService(name, shared ? { ...run, shared } : run));
    }),
  );
  const owned = services.some((name) => !sharedServerFor(name, options.warm));
  const stop = once(() => stopAll(started, options.runId, owned));
  const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure || options.signal?.aborted) {
    await stop().catch(() => {});
    throw failure ? failure.reason : interrupted();
  }
  let throughProxies: Record<string, string> = {};
  const toxiproxy = started.find((s) => s.info.name === 'toxiproxy');
  if (toxiproxy && proxied.length > 0) {
    try {
      throughProxies = await putBehindToxiproxy(toxiproxy, started, proxied as ServiceName[], options.runId);
    } catch (error) {
      await stop().catch(() => {});
      throw error;
    }
  }
  const order = (s: StartedService) => wanted.indexOf(s.info.name);
  started.sort((a, b) => order(a) - order(b));
  return {
    runId: options.runId,
    env: Object.assign({}, ...started.map((s) => s.env), throughProxies),
    urls: Object.fromEntries(started.map((s) => [s.info.name, s.info.url])),
    serverUrls: Object.fromEntries(started.map((s) => [s.info.name, s.serverUrl])),
    services: started.map((s) => s.info),
    stop,
    [Symbol.asyncDispose]: stop,
  };
}

async function stopAll(started: readonly StartedService[], runId: string, owned: boolean): Promise<void> {
  const results = await Promise.allSettled(started.map((s) => s.stop()));
  // A container created by a start that failed midway is not in `started`: find it by its run label.
  if (owned) {
    results.push(
      ...(await Promise.allSettled([containerRuntime().then((client) => removeRunContainers(client, runId))])),
    );
  }
  const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed.length > 0) {
    throw new LabError(
      `could not stop every service of run ${runId}: ${failed.map((f) => (f.reason as Error).message).join('; ')}`,
      { kind: 'environment', next: 'Remove what is left with `lab doctor --cleanup`.' },
    );
  }
}

const once = (fn: () => Promise<void>): (() => Promise<void>) => {
  let pending: Promise<void> | undefined;
  return () => {
    pending ??= fn();
    return pending;
  };
};
