import type { Admin } from 'kafkajs';
import type { StartedTestContainer } from 'testcontainers';
import { LabError } from '../errors.ts';
import { freePort } from '../learner/free-port.ts';
import { chooseImage } from './choose-image.ts';
import { containerRuntime, managedLabels } from './container-runtime.ts';
import { imageSpec } from './image-catalog.ts';
import { containerOf } from './shared-server.ts';
import type { ServiceRun, StartedService } from './started-service.ts';

/**
 * Kafka for one run: a single-node KRaft broker of its own, or a shared one (external from
 * `LAB_KAFKA_BROKERS`, `host:port[,host:port…]`, or a warm container) that lab neither starts nor
 * stops. The program gets KAFKA_BROKERS and KAFKA_PREFIX = `lab.<runId>.`: every manifest asks
 * learners to name their topics and consumer groups under it (Kafka has no namespaces); on a shared
 * broker the run's topics and groups are deleted at stop.
 *
 * The container is a GenericContainer, not @testcontainers/kafka (written for Confluent images): the
 * host port is chosen before the container starts, so the advertised listener carries it from the
 * first line of config (no marker line and starter script needed), and a restarted broker is still
 * reachable at the same address. Clients inside the container (the broker talking to itself, e.g. for
 * transaction markers) use a second listener, BROKER://localhost:9094.
 */
export async function startKafka(run: ServiceRun): Promise<StartedService> {
  const startedAt = Date.now();
  const prefix = `lab.${run.runId}.`;
  const shared = run.shared;
  if (shared) {
    run.onProgress({ type: 'external', service: 'kafka', url: shared.url, source: shared.source });
    const admin = await connectAdmin(shared.url, shared.source);
    const readyMs = Date.now() - startedAt;
    run.onProgress({ type: 'ready', service: 'kafka', url: shared.url, ms: readyMs });
    return {
      info: { name: 'kafka', mode: shared.mode, url: shared.url, readyMs, ...containerOf(shared) },
      serverUrl: shared.url,
      env: { KAFKA_BROKERS: shared.url, KAFKA_PREFIX: prefix },
      stop: async () => {
        const stoppedAt = Date.now();
        try {
          await deleteRunData(admin, prefix);
        } finally {
          await admin.disconnect();
        }
        run.onProgress({ type: 'dropped', service: 'kafka', ms: Date.now() - stoppedAt });
      },
    };
  }

  const { container, image } = await startBroker(run);
  const stopContainer = async () => {
    const stoppedAt = Date.now();
    await container.stop();
    run.onProgress({ type: 'stopped', service: 'kafka', ms: Date.now() - stoppedAt });
  };
  const brokers = `127.0.0.1:${container.getMappedPort(9092)}`;
  try {
    await (await connectAdmin(brokers, 'the kafka container')).disconnect();
  } catch (error) {
    await stopContainer();
    throw error;
  }
  const readyMs = Date.now() - startedAt;
  run.onProgress({ type: 'ready', service: 'kafka', url: brokers, ms: readyMs });
  return {
    info: { name: 'kafka', mode: 'container', url: brokers, image, containerId: container.getId(), readyMs },
    serverUrl: brokers,
    env: { KAFKA_BROKERS: brokers, KAFKA_PREFIX: prefix },
    stop: stopContainer,
  };
}

async function startBroker(run: ServiceRun): Promise<{ container: StartedTestContainer; image: string }> {
  const client = await containerRuntime();
  const { GenericContainer, ImageName, Wait } = await import('testcontainers');
  const spec = imageSpec('kafka');
  const choice = await chooseImage(spec, (image) => client.image.exists(ImageName.fromString(image)));
  run.onProgress({ type: 'image', service: 'kafka', image: choice.image, source: choice.source });
  const hostPort = await freePort();
  const startedAt = Date.now();
  const logs: string[] = [];
  try {
    const container = await new GenericContainer(choice.image)
      .withExposedPorts({ container: 9092, host: hostPort })
      .withEnvironment({
        KAFKA_LISTENERS: 'PLAINTEXT://:9092,BROKER://:9094,CONTROLLER://:9093',
        KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://127.0.0.1:${hostPort},BROKER://localhost:9094`,
        KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'PLAINTEXT:PLAINTEXT,BROKER:PLAINTEXT,CONTROLLER:PLAINTEXT',
        KAFKA_INTER_BROKER_LISTENER_NAME: 'BROKER',
        KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
        KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
        KAFKA_PROCESS_ROLES: 'broker,controller',
        KAFKA_NODE_ID: '1',
        KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
        KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
        KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
        KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
        KAFKA_HEAP_OPTS: '-Xmx512M -Xms128M',
      })
      .withLabels(managedLabels(run.runId, run.label ?? 'kafka', run.keep))
      .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
      .withStartupTimeout(Math.max(run.startupTimeoutMs, 120_000))
      .withLogConsumer((stream) => {
        run.onProgress({ type: 'started', service: 'kafka', image: choice.image, ms: Date.now() - startedAt });
        stream.on('data', (chunk) => {
          logs.push(...String(chunk).trimEnd().split('\n'));
          logs.splice(0, Math.max(0, logs.length - 15));
        });
      })
      .start();
    return { container, image: choice.image };
  } catch (error) {
    const present = await client.image.exists(ImageName.fromString(choice.image)).catch(() => false);
    const tail = logs.length ? `\n[kafka container] ${logs.join('\n[kafka container] ')}` : '';
    throw new LabError(
      `the kafka container (${choice.image}) did not become ready: ${(error as Error).message.split('\n')[0]}${tail}`,
      {
        kind: 'environment',
        next: present
          ? "Check `lab doctor`; rebuild lab's image with `lab images build kafka --force`, or set LAB_IMAGE_KAFKA."
          : "Build lab's offline image: `lab images build kafka` (`lab images list` shows what is present).",
      },
    );
  }
}

/** An admin client that reached the broker (it answered a cluster description). */
async function connectAdmin(brokers: string, what: string): Promise<Admin> {
  const { Kafka, logLevel } = await import('kafkajs');
  const kafka = new Kafka({
    clientId: 'lab',
    brokers: brokers.split(',').map((b) => b.trim()),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 5_000,
    retry: { retries: 5, initialRetryTime: 300 },
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.describeCluster();
    return admin;
  } catch (error) {
    await admin.disconnect().catch(() => {});
    throw new LabError(`Kafka at ${brokers} (${what}) did not answer: ${(error as Error).message}`, {
      kind: 'environment',
      next:
        what === 'LAB_KAFKA_BROKERS'
          ? 'Start that broker, fix LAB_KAFKA_BROKERS (host:port,…), or unset it to let lab start a container.'
          : "Rebuild lab's image with `lab images build kafka --force`, and check `lab doctor`.",
    });
  }
}

/** Deletes this run's topics and consumer groups (named under its prefix) from a shared broker. */
export async function deleteRunData(admin: Admin, prefix: string): Promise<void> {
  const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
  if (topics.length > 0) await admin.deleteTopics({ topics, timeout: 20_000 });
  const groups = (await admin.listGroups()).groups.map((g) => g.groupId).filter((g) => g.startsWith(prefix));
  if (groups.length > 0) await admin.deleteGroups(groups).catch(() => {});
}
