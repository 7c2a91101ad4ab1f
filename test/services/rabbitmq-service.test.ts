import { execFileSync } from 'node:child_process';
import { connect } from 'amqplib';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { applyTestcontainersDefaults, managedLabels } from '../../harness/services/container-runtime.ts';
import { imageSpec } from '../../harness/services/image-catalog.ts';
import { RabbitManagement } from '../../harness/services/rabbitmq-management.ts';
import { newRunId } from '../../harness/services/run-id.ts';
import { startServices } from '../../harness/services/start-services.ts';
import { startWarmServices } from '../../harness/services/warm-services.ts';
import { containersWithLabel } from './docker-ps.ts';

const image = imageSpec('rabbitmq').offline;

beforeAll(() => {
  applyTestcontainersDefaults();
  expect(
    () => execFileSync('docker', ['image', 'inspect', image], { stdio: 'ignore' }),
    `lab images build rabbitmq`,
  ).not.toThrow();
});

afterEach(() => {
  delete process.env.LAB_RABBITMQ_URL;
});

/** Publishes one persistent message to a fresh durable queue and reads it back. */
async function roundTrip(url: string, queue: string): Promise<string> {
  const connection = await connect(url);
  try {
    const channel = await connection.createConfirmChannel();
    await channel.assertQueue(queue, { durable: true });
    channel.sendToQueue(queue, Buffer.from(`hello ${queue}`), { persistent: true });
    await channel.waitForConfirms();
    const message = await channel.get(queue, { noAck: true });
    return message ? message.content.toString() : '(no message)';
  } finally {
    await connection.close();
  }
}

/** Whether the queue exists on that URL's vhost (checkQueue closes the channel when it does not). */
async function queueExists(url: string, queue: string): Promise<boolean> {
  const connection = await connect(url);
  connection.on('error', () => {});
  try {
    const channel = await connection.createChannel();
    channel.on('error', () => {});
    return await channel.checkQueue(queue).then(
      () => true,
      () => false,
    );
  } finally {
    await connection.close().catch(() => {});
  }
}

describe('rabbitmq: lab’s offline image and the rabbitmq service', () => {
  test('the image honours @testcontainers/rabbitmq: ready at its log line, guest/guest from outside, plugins on', async () => {
    const { RabbitMQContainer } = await import('@testcontainers/rabbitmq');
    const runId = newRunId();
    const container = await new RabbitMQContainer(image)
      .withLabels(managedLabels(runId, 'rabbitmq'))
      .withStartupTimeout(90_000)
      .start();
    try {
      expect(await roundTrip(container.getAmqpUrl(), 'module')).toBe('hello module');
      const management = new RabbitManagement(`http://guest:guest@127.0.0.1:${container.getMappedPort(15672)}/`);
      expect(await management.get('/api/whoami')).toMatchObject({ name: 'guest', tags: ['administrator'] });
      const plugins = execFileSync('docker', ['exec', container.getId(), 'rabbitmq-plugins', 'list', '-e', '-m'], {
        encoding: 'utf8',
      });
      expect(plugins.split('\n')).toEqual(expect.arrayContaining(['rabbitmq_management', 'rabbitmq_prometheus']));
    } finally {
      await container.stop();
    }
    expect(containersWithLabel(`dev.lab.run=${runId}`)).toEqual([]);
  }, 120_000);

  test('each run gets its own vhost: a message round-trips, runs do not see each other’s queues, stop leaves nothing', async () => {
    const warm = await startWarmServices(['rabbitmq'], { source: 'lab watch' });
    const server = warm.servers.rabbitmq;
    try {
      expect(server).toMatchObject({ mode: 'container', source: 'lab watch' });
      const first = await startServices(['rabbitmq'], { runId: newRunId(), warm: warm.servers });
      const second = await startServices(['rabbitmq'], { runId: newRunId(), warm: warm.servers });
      // External mode is the same code on a URL from env: the warm server's, here.
      process.env.LAB_RABBITMQ_URL = server?.url ?? '';
      const third = await startServices(['rabbitmq'], { runId: newRunId() });
      expect(third.services[0]).toMatchObject({ mode: 'external' });
      const management = new RabbitManagement(first.env.RABBITMQ_MANAGEMENT_URL ?? '');
      try {
        expect(Object.keys(first.env).sort()).toEqual(['RABBITMQ_MANAGEMENT_URL', 'RABBITMQ_URL']);
        expect(new URL(first.env.RABBITMQ_URL ?? '').pathname).toBe(`/lab_${first.runId}`);
        expect(first.urls.rabbitmq).toBe(first.env.RABBITMQ_URL);

        expect(await roundTrip(first.env.RABBITMQ_URL ?? '', 'orders')).toBe('hello orders');
        expect(await queueExists(first.env.RABBITMQ_URL ?? '', 'orders')).toBe(true);
        expect(await queueExists(second.env.RABBITMQ_URL ?? '', 'orders')).toBe(false);
        expect(await queueExists(third.env.RABBITMQ_URL ?? '', 'orders')).toBe(false);
        expect(await management.vhosts()).toEqual(
          expect.arrayContaining([`lab_${first.runId}`, `lab_${second.runId}`, `lab_${third.runId}`]),
        );
      } finally {
        await Promise.all([first.stop(), second.stop(), third.stop()]);
      }
      const left = await management.vhosts();
      for (const run of [first, second, third]) expect(left).not.toContain(`lab_${run.runId}`);
    } finally {
      await warm.stop();
    }
    const gone = execFileSync('docker', ['ps', '-aq', '--filter', `id=${server?.containerId}`], { encoding: 'utf8' });
    expect(gone.trim()).toBe('');
  }, 120_000);

  test('a run of its own: a container labelled with the run, removed at stop', async () => {
    const runId = newRunId();
    const services = await startServices(['rabbitmq'], { runId });
    try {
      expect(services.services[0]).toMatchObject({ name: 'rabbitmq', mode: 'container', image });
      expect(containersWithLabel(`dev.lab.run=${runId}`)).toHaveLength(1);
      expect(await roundTrip(services.env.RABBITMQ_URL ?? '', 'own')).toBe('hello own');
    } finally {
      await services.stop();
    }
    expect(containersWithLabel(`dev.lab.run=${runId}`)).toEqual([]);
  }, 120_000);
});
