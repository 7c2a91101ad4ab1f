import type { StartedTestContainer } from 'testcontainers';
import { LabError } from '../errors.ts';
import { freePort } from '../learner/free-port.ts';
import { chooseImage } from './choose-image.ts';
import { containerRuntime, managedLabels } from './container-runtime.ts';
import { imageSpec } from './image-catalog.ts';
import { containerOf } from './shared-server.ts';
import type { ServiceRun, StartedService } from './started-service.ts';
import { ToxiproxyApi } from './toxiproxy-api.ts';

/** Proxies of one run are named `lab_<runId>_<service>`, so a shared Toxiproxy serves several runs. */
export const proxyName = (runId: string, service: string): string => `lab_${runId}_${service}`;

/**
 * Toxiproxy for one run: a container of its own, or a shared server (external from
 * `LAB_TOXIPROXY_URL`, its API URL, or a warm container) that lab neither starts nor stops. Its URL
 * (ServiceInfo.url) is the API, for graders; the program gets nothing from it directly: start-services
 * puts the dependencies the manifest names behind proxies (toxiproxy-links.ts) and hands the program
 * the proxied URLs. On a shared server the run's proxies are deleted at stop.
 *
 * The container runs on the host's network: it reaches each dependency at the 127.0.0.1 port it is
 * published on (container, warm or external alike) and its proxies listen on 127.0.0.1 ports lab picks.
 * So it needs a local Docker engine, as lab's containers do.
 */
export async function startToxiproxy(run: ServiceRun): Promise<StartedService> {
  const startedAt = Date.now();
  const shared = run.shared;
  if (shared) {
    run.onProgress({ type: 'external', service: 'toxiproxy', url: shared.url, source: shared.source });
    const api = new ToxiproxyApi(shared.url);
    await answers(api, shared.source);
    const readyMs = Date.now() - startedAt;
    run.onProgress({ type: 'ready', service: 'toxiproxy', url: shared.url, ms: readyMs });
    return {
      info: { name: 'toxiproxy', mode: shared.mode, url: api.url, readyMs, ...containerOf(shared) },
      serverUrl: shared.url,
      env: {},
      stop: async () => {
        const stoppedAt = Date.now();
        const prefix = proxyName(run.runId, '');
        const mine = (await api.proxies()).filter((p) => p.name.startsWith(prefix));
        await Promise.all(mine.map((p) => api.deleteProxy(p.name)));
        run.onProgress({ type: 'dropped', service: 'toxiproxy', ms: Date.now() - stoppedAt });
      },
    };
  }

  const client = await containerRuntime();
  const { GenericContainer, ImageName, Wait } = await import('testcontainers');
  const spec = imageSpec('toxiproxy');
  const choice = await chooseImage(spec, (image) => client.image.exists(ImageName.fromString(image)));
  run.onProgress({ type: 'image', service: 'toxiproxy', image: choice.image, source: choice.source });
  const port = await freePort();
  const api = new ToxiproxyApi(`http://127.0.0.1:${port}`);
  let container: StartedTestContainer;
  try {
    container = await new GenericContainer(choice.image)
      .withNetworkMode('host')
      .withCommand(['-host', '127.0.0.1', '-port', String(port)])
      .withLabels(managedLabels(run.runId, run.label ?? 'toxiproxy', run.keep))
      .withWaitStrategy(Wait.forLogMessage('Starting Toxiproxy HTTP server'))
      .withStartupTimeout(run.startupTimeoutMs)
      .start();
  } catch (error) {
    const present = await client.image.exists(ImageName.fromString(choice.image)).catch(() => false);
    throw new LabError(`the toxiproxy container (${choice.image}) did not start: ${(error as Error).message}`, {
      kind: 'environment',
      next: present
        ? "Check `lab doctor`; rebuild lab's image with `lab images build toxiproxy --force`."
        : "Build lab's offline image: `lab images build toxiproxy` (`lab images list` shows what is present).",
    });
  }
  run.onProgress({ type: 'started', service: 'toxiproxy', image: choice.image, ms: Date.now() - startedAt });
  const stopContainer = async () => {
    const stoppedAt = Date.now();
    await container.stop();
    run.onProgress({ type: 'stopped', service: 'toxiproxy', ms: Date.now() - stoppedAt });
  };
  try {
    await answers(api, 'the toxiproxy container', 10_000);
  } catch (error) {
    await stopContainer();
    throw error;
  }
  const readyMs = Date.now() - startedAt;
  run.onProgress({ type: 'ready', service: 'toxiproxy', url: api.url, ms: readyMs });
  return {
    info: {
      name: 'toxiproxy',
      mode: 'container',
      url: api.url,
      image: choice.image,
      containerId: container.getId(),
      readyMs,
    },
    serverUrl: api.url,
    env: {},
    stop: stopContainer,
  };
}

/**
 * Ready means the API answers /version from this machine. Toxiproxy logs "Starting Toxiproxy HTTP
 * server" just before it binds, so a fresh container gets a few seconds of retries (a busy machine
 * showed the gap); a shared server must answer at once.
 */
async function answers(api: ToxiproxyApi, what: string, retryMs = 0): Promise<void> {
  const deadline = Date.now() + retryMs;
  for (;;) {
    try {
      await api.version();
      return;
    } catch (error) {
      if (Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        continue;
      }
      throw unanswered(api, what, error);
    }
  }
}

function unanswered(api: ToxiproxyApi, what: string, error: unknown): LabError {
  return new LabError(`Toxiproxy at ${api.url} (${what}) did not answer: ${(error as Error).message}`, {
    kind: 'environment',
    next:
      what === 'LAB_TOXIPROXY_URL'
        ? 'Start that server, fix LAB_TOXIPROXY_URL (its API URL, e.g. http://127.0.0.1:8474), or unset it to let lab start a container.'
        : "Rebuild lab's image with `lab images build toxiproxy --force`, and check `lab doctor`.",
  });
}
