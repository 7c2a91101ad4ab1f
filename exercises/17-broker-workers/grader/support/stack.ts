import { lab, type StartedLearnerService, startInstance } from '../../../../harness/grading/grader-kit.ts';
import { type ProducerClient, producerClient } from './producer-client.ts';

/**
 * The env of one criterion's producer and workers: its own QUEUE_PREFIX and Redis KEY_PREFIX (two
 * criteria run at once against the same broker and Redis), the sink, and the knobs it grades.
 * `broker` replaces the run's RabbitMQ env (R1 runs on a broker of its own).
 */
export function criterionEnv(
  id: string,
  sinkUrl: string,
  extra: Record<string, string> = {},
  broker: Readonly<Record<string, string>> = {},
): Record<string, string> {
  return {
    QUEUE_PREFIX: `${id}.`,
    KEY_PREFIX: `${lab().env.KEY_PREFIX ?? ''}${id}:`,
    SINK_URL: sinkUrl,
    PREFETCH: '10',
    PUBLISH_TIMEOUT_MS: '5000',
    MAX_RETRIES: '3',
    RETRY_DELAYS_MS: '250,500,1000',
    ...broker,
    ...extra,
  };
}

/** Starts the producer (the contract's `start`) of a criterion. */
export async function startProducer(
  name: string,
  env: Record<string, string>,
): Promise<{ producer: StartedLearnerService; api: ProducerClient }> {
  const producer = await startInstance(name, { ...env, WORKER_ID: 'producer' });
  return { producer, api: producerClient(producer) };
}

/** Starts workers (the contract's `worker` command) at once, each with WORKER_ID = its instance name. */
export function startWorkers(names: readonly string[], env: Record<string, string>): Promise<StartedLearnerService[]> {
  return Promise.all(names.map((name) => startInstance(name, { ...env, WORKER_ID: name }, { command: 'worker' })));
}

/** Stops every instance given that is still running; a killed one is already gone. */
export async function stopAll(instances: readonly (StartedLearnerService | undefined)[]): Promise<void> {
  await Promise.all(instances.map((i) => i?.stop().catch(() => undefined)));
}
