import type { ContainerRuntimeClient, GenericContainer, StartedTestContainer } from 'testcontainers';
import { LabError } from '../errors.ts';
import { freePort } from '../learner/free-port.ts';
import { chooseImage, imageOrigin } from './choose-image.ts';
import { containerRuntime, managedLabels } from './container-runtime.ts';
import { imageSpec, type ServiceName } from './image-catalog.ts';
import type { ServiceRun } from './started-service.ts';

/** A service container that answered its module's readiness check. */
export interface RunningContainer<T extends StartedTestContainer> {
  readonly container: T;
  readonly image: string;
  /** The host to reach its published ports from this machine. */
  readonly host: string;
}

const LOG_TAIL = 15;

/**
 * Starts one service container with the image lab picks (LAB_IMAGE_<NAME> > offline build > official),
 * labelled for cleanup, and turns a failure into a LabError that says what to run next.
 * Its port is published on a fixed host port chosen here, not one Docker picks at each start: a
 * container the grader stops and starts again (or restarts) answers at the same URL, so a learner's
 * program can reconnect with the address it was given.
 */
export async function startContainer<T extends StartedTestContainer>(
  run: ServiceRun,
  service: ServiceName,
  containerPort: number,
  create: (image: string) => { start(): Promise<T> } & GenericContainer,
): Promise<RunningContainer<T>> {
  const client = await containerRuntime();
  const { ImageName } = await import('testcontainers');
  const exists = (image: string) => client.image.exists(ImageName.fromString(image));
  const spec = imageSpec(service);
  const choice = await chooseImage(spec, exists);
  run.onProgress({ type: 'image', service, image: choice.image, source: choice.source });

  const startedAt = Date.now();
  const logs: string[] = [];
  const container = create(choice.image)
    .withExposedPorts({ container: containerPort, host: await freePort() })
    .withLabels(managedLabels(run.runId, run.label ?? service, run.keep))
    .withStartupTimeout(run.startupTimeoutMs)
    .withLogConsumer((stream) => {
      // Testcontainers attaches the log consumer right after the container started.
      run.onProgress({ type: 'started', service, image: choice.image, ms: Date.now() - startedAt });
      stream.on('data', (chunk) => {
        logs.push(...String(chunk).trimEnd().split('\n'));
        logs.splice(0, Math.max(0, logs.length - LOG_TAIL));
      });
    });
  try {
    const started = await container.start();
    // `localhost` may resolve to ::1 first in a learner's client; the ports are published on 127.0.0.1.
    const host = started.getHost() === 'localhost' ? '127.0.0.1' : started.getHost();
    return { container: started, image: choice.image, host };
  } catch (error) {
    throw await startFailure(
      client,
      service,
      choice,
      imageOrigin(choice.source, spec) || spec.overrideVariable,
      error,
      logs,
    );
  }
}

async function startFailure(
  client: ContainerRuntimeClient,
  service: ServiceName,
  choice: { image: string; source: string; present: boolean },
  overrideVariable: string,
  error: unknown,
  logs: readonly string[],
): Promise<LabError> {
  const reason = (error as Error).message?.split('\n')[0] ?? String(error);
  const { ImageName } = await import('testcontainers');
  const missing =
    !choice.present && !(await client.image.exists(ImageName.fromString(choice.image)).catch(() => false));
  if (missing) {
    return new LabError(
      `the ${service} image ${choice.image} is not on this machine and could not be pulled (${reason})`,
      {
        kind: 'environment',
        next:
          choice.source === 'env' || choice.source === 'settings'
            ? `Build or load ${choice.image}, or ${choice.source === 'env' ? 'unset' : 'remove'} ${overrideVariable} to use lab's images (\`lab images build ${service}\`).`
            : `Build lab's offline image: \`lab images build ${service}\` (\`lab images list\` shows what is present).`,
      },
    );
  }
  const tail = logs.length ? `\n[${service} container] ${logs.join(`\n[${service} container] `)}` : '';
  return new LabError(`the ${service} container (${choice.image}) did not become ready: ${reason}${tail}`, {
    kind: 'environment',
    next: `Check \`lab doctor\`; rebuild lab's image with \`lab images build ${service} --force\`, or set ${overrideVariable}.`,
  });
}
