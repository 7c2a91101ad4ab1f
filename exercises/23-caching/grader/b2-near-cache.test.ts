import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  criterion,
  restartContainer,
  type StartedLearnerService,
  startServiceInstance,
} from '../../../harness/grading/grader-kit.ts';
import { baseEnv, criterionPrefix, outputOf, startInstances, stopInstances } from './support/cache-instances.ts';
import { type ClientApp, startClientApp } from './support/client-app.ts';
import { type CountingProxy, startCountingProxy } from './support/counting-proxy.ts';
import { sendJson } from './support/get-item.ts';
import { type SlowOrigin, startSlowOrigin } from './support/slow-origin.ts';
import { sleep } from './support/staleness.ts';

const REPEATED_READS = 20;
/** Pub/sub delivers in a few ms; the rest is room for a loaded machine. */
const INVALIDATION_BOUND_MS = 500;
/** How long the near cache may take to notice a Redis restart (reconnect back-off included). */
const RESTART_NOTICE_MS = 15_000;
const CLIENT_LIFETIME_MS = 150_000;

criterion('B2', 'Near-cache for clients', () => {
  const prefix = criterionPrefix('b2');
  let origin: SlowOrigin;
  let instances: StartedLearnerService[];
  let proxies: CountingProxy[];
  let client: ClientApp;

  const serviceRequests = () => proxies.reduce((sum, p) => sum + p.count(), 0);

  beforeAll(async () => {
    // Its own Redis, because this criterion restarts it.
    const own = await startServiceInstance('redis', 'b2-redis');
    origin = await startSlowOrigin(100);
    const env = baseEnv(prefix, origin.url, { REDIS_URL: own.url });
    instances = await startInstances(env, 3);
    proxies = await Promise.all(instances.map((i) => startCountingProxy(i.url)));
    client = await startClientApp({ ...env, SERVICE_URLS: proxies.map((p) => p.url).join(',') }, CLIENT_LIFETIME_MS);
  });
  afterAll(async () => {
    await Promise.all((proxies ?? []).map((p) => p.close()));
    await stopInstances(instances);
    await origin?.close();
  });

  test(`repeated reads are served from the near cache; an update through an instance invalidates it within ${INVALIDATION_BOUND_MS} ms`, async () => {
    const id = 'b2-item';
    const first = await client.get(id);
    expect(
      first,
      `client-app GET /items/${id} (first read) must answer 200 with the item and source "service"\n${outputOf(instances)}`,
    ).toMatchObject({
      status: 200,
      value: `${id}@v1`,
      source: 'service',
    });
    const before = serviceRequests();
    const repeated = await Promise.all(Array.from({ length: REPEATED_READS }, () => client.get(id)));
    expect(
      { sources: [...new Set(repeated.map((r) => r.source))], serviceRequests: serviceRequests() - before },
      `${REPEATED_READS} more client-app GET /items/${id}: all from the near cache (source "near") and none reaching a service (lab counts them through proxies in SERVICE_URLS)`,
    ).toEqual({ sources: ['near'], serviceRequests: 0 });

    const [, b] = instances as [StartedLearnerService, StartedLearnerService];
    const put = await sendJson(`${b.url}/items/${id}`, 'PUT', { value: `${id}@v2` });
    const returned = performance.now();
    expect(put.status, `PUT /items/${id} on instance ${b.instance} answered ${put.text.slice(0, 200)}`).toBe(200);
    let latest = await client.get(id);
    while (latest.value !== `${id}@v2` && performance.now() - returned < INVALIDATION_BOUND_MS * 4) {
      await sleep(20);
      latest = await client.get(id);
    }
    const tookMs = Math.round(performance.now() - returned);
    expect(
      { value: latest.value, inTime: tookMs <= INVALIDATION_BOUND_MS },
      `lab PUT "${id}@v2" through instance ${b.instance} (not through client-app) and polled client-app every 20 ms: ` +
        `its near cache must drop ${id} within ${INVALIDATION_BOUND_MS} ms (subscribe to your invalidation channel); after ${tookMs} ms it answered ${latest.text}`,
    ).toEqual({ value: `${id}@v2`, inTime: true });
  });

  test('after Redis restarts, the near cache is flushed: a missed invalidation cannot leave it stale', async () => {
    const id = 'b2-restart';
    await client.get(id);
    const near = await client.get(id);
    expect(near, `two client-app GET /items/${id}: the second must come from the near cache`).toMatchObject({
      source: 'near',
    });
    await restartContainer('b2-redis');
    // Changed while nobody could have heard about it.
    origin.change(id, JSON.stringify(`${id}@v2`));
    const restarted = performance.now();
    let latest = await client.get(id);
    while (latest.source !== 'service' && performance.now() - restarted < RESTART_NOTICE_MS) {
      await sleep(200);
      latest = await client.get(id);
    }
    expect(
      { source: latest.source },
      `lab restarted Redis while client-app held ${id} in its near cache (invalidations sent meanwhile are lost), then read it every 200 ms for ` +
        `${RESTART_NOTICE_MS / 1000} s: client-app must drop its near cache when its subscription drops or reconnects and ask a service again; it last answered ${latest.text}`,
    ).toEqual({ source: 'service' });
  });
});
