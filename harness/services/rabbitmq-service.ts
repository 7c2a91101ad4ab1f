import { LabError } from '../errors.ts';
import { freePort } from '../learner/free-port.ts';
import { managementUrlOf, RabbitManagement } from './rabbitmq-management.ts';
import { redactUrl } from './redact-url.ts';
import { containerOf } from './shared-server.ts';
import { startContainer } from './start-container.ts';
import type { ServiceRun, StartedService } from './started-service.ts';

const AMQP_PORT = 5672;
const MANAGEMENT_PORT = 15672;

/**
 * RabbitMQ for one run: a container of its own (user lab/lab, management and prometheus plugins), or
 * a shared server (external from `LAB_RABBITMQ_URL` — a user allowed to create vhosts — or a warm
 * container of `lab up` / `lab watch`) that lab neither starts nor stops. Either way the run gets a
 * fresh vhost `lab_<runId>`, made through the management API: RABBITMQ_URL is the AMQP URL on it and
 * RABBITMQ_MANAGEMENT_URL the management API (graders read queue depths there); on a shared server
 * the vhost, with every queue and exchange of the run, is deleted at stop.
 */
export async function startRabbitMQ(run: ServiceRun): Promise<StartedService> {
  const startedAt = Date.now();
  const vhost = `lab_${run.runId}`;
  const shared = run.shared;
  if (shared) {
    run.onProgress({ type: 'external', service: 'rabbitmq', url: redactUrl(shared.url), source: shared.source });
    const management = new RabbitManagement(managementUrlOf(shared.url));
    const env = await openVhost(shared.url, management, vhost, shared.source);
    const readyMs = Date.now() - startedAt;
    run.onProgress({ type: 'ready', service: 'rabbitmq', url: redactUrl(env.RABBITMQ_URL), ms: readyMs });
    return {
      info: { name: 'rabbitmq', mode: shared.mode, url: env.RABBITMQ_URL, readyMs, ...containerOf(shared) },
      serverUrl: shared.url,
      env,
      stop: async () => {
        const stoppedAt = Date.now();
        await management.deleteVhost(vhost);
        run.onProgress({ type: 'dropped', service: 'rabbitmq', ms: Date.now() - stoppedAt });
      },
    };
  }

  const { GenericContainer, Wait } = await import('testcontainers');
  const managementHostPort = await freePort();
  // The contract of @testcontainers/rabbitmq (which containers/rabbitmq honours): default user from
  // env, ready at "Server startup complete". Both ports get fixed host ports, so a restarted broker
  // answers at the same URLs (the module would publish the management port on a random one).
  const { container, image, host } = await startContainer(run, 'rabbitmq', AMQP_PORT, (tag) =>
    new GenericContainer(tag)
      .withEnvironment({ RABBITMQ_DEFAULT_USER: 'lab', RABBITMQ_DEFAULT_PASS: 'lab' })
      .withExposedPorts({ container: MANAGEMENT_PORT, host: managementHostPort })
      .withWaitStrategy(Wait.forLogMessage('Server startup complete')),
  );
  const stopContainer = async () => {
    const stoppedAt = Date.now();
    await container.stop();
    run.onProgress({ type: 'stopped', service: 'rabbitmq', ms: Date.now() - stoppedAt });
  };
  const serverUrl = `amqp://lab:lab@${host}:${container.getMappedPort(AMQP_PORT)}/?management=${managementHostPort}`;
  let env: RabbitEnv;
  try {
    env = await openVhost(serverUrl, new RabbitManagement(managementUrlOf(serverUrl)), vhost, 'the rabbitmq container');
  } catch (error) {
    await stopContainer();
    throw error;
  }
  const readyMs = Date.now() - startedAt;
  run.onProgress({ type: 'ready', service: 'rabbitmq', url: redactUrl(env.RABBITMQ_URL), ms: readyMs });
  return {
    info: {
      name: 'rabbitmq',
      mode: 'container',
      url: env.RABBITMQ_URL,
      image,
      containerId: container.getId(),
      readyMs,
    },
    serverUrl,
    env,
    stop: stopContainer,
  };
}

interface RabbitEnv extends Record<string, string> {
  readonly RABBITMQ_URL: string;
  readonly RABBITMQ_MANAGEMENT_URL: string;
}

/** Creates the run's vhost (full permissions for the server's user) and checks AMQP answers on it. */
async function openVhost(serverUrl: string, management: RabbitManagement, vhost: string, what: string) {
  const url = new URL(serverUrl);
  url.pathname = `/${encodeURIComponent(vhost)}`;
  url.search = '';
  const amqpUrl = url.toString();
  try {
    await management.createVhost(vhost, decodeURIComponent(url.username || 'guest'));
    const { connect } = await import('amqplib');
    const connection = await connect(amqpUrl, { timeout: 10_000 });
    await connection.close();
  } catch (error) {
    await management.deleteVhost(vhost).catch(() => {});
    throw new LabError(
      `RabbitMQ at ${redactUrl(serverUrl)} (${what}) did not open vhost ${vhost}: ${(error as Error).message}`,
      {
        kind: 'environment',
        next:
          what === 'LAB_RABBITMQ_URL'
            ? 'Start that server (management plugin on, port 15672 or `?management=PORT` in the URL), fix LAB_RABBITMQ_URL (a user that may create vhosts), or unset it to let lab start a container.'
            : "Rebuild lab's image with `lab images build rabbitmq --force`, and check `lab doctor`.",
      },
    );
  }
  return { RABBITMQ_URL: amqpUrl, RABBITMQ_MANAGEMENT_URL: management.url } satisfies RabbitEnv;
}
