import type { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { criterion, type StartedLearnerService, startServiceInstance } from '../../../harness/grading/grader-kit.ts';
import { baseEnv, criterionPrefix, outputOf, startInstances, stopInstances } from './support/cache-instances.ts';
import { getItem, sendJson, shown } from './support/get-item.ts';
import { graderRedis } from './support/grader-redis.ts';
import { commandCalls } from './support/redis-figures.ts';
import { type SlowOrigin, startSlowOrigin } from './support/slow-origin.ts';
import { sleep } from './support/staleness.ts';

const HOT_READS = 1_000;
const CONCURRENCY = 10;
/** Commands an idle instance may still send meanwhile (none in the reference); a read through Redis sends 1,000. */
const BACKGROUND_COMMANDS = 20;
/**
 * How soon after a PUT returns every other instance must have dropped its L1 copy. Pub/sub
 * delivers in a few ms; the rest is room for a loaded 2-core machine (a reload from Redis and
 * the grader's own polling included).
 */
const PUBSUB_BOUND_MS = 300;
const POLL_MS = 10;

criterion('B1', 'Hierarchical L1/L2', () => {
  const prefix = criterionPrefix('b1');
  let origin: SlowOrigin;
  let redis: Redis;
  let instances: StartedLearnerService[];

  beforeAll(async () => {
    // Its own Redis: INFO commandstats then counts only this criterion's commands.
    const own = await startServiceInstance('redis', 'b1-redis');
    redis = graderRedis(own.url);
    origin = await startSlowOrigin(100);
    instances = await startInstances(baseEnv(prefix, origin.url, { REDIS_URL: own.url }), 3);
  });
  afterAll(async () => {
    await stopInstances(instances);
    await origin?.close();
    redis?.disconnect();
  });

  test(`${HOT_READS} reads of an L1-hot key send no command to Redis`, async () => {
    const [a] = instances as [StartedLearnerService];
    const id = 'b1-hot';
    await getItem(a, id);
    const warm = await getItem(a, id);
    expect(
      shown(warm),
      `two GET /items/${id} on ${a.instance}: the second must be an L1 hit\n${outputOf([a])}`,
    ).toMatchObject({
      status: 200,
      'x-cache': 'L1',
    });
    const before = await commandCalls(redis);
    const layers = new Map<string, number>();
    for (let sent = 0; sent < HOT_READS; sent += CONCURRENCY) {
      const answers = await Promise.all(Array.from({ length: CONCURRENCY }, () => getItem(a, id)));
      for (const answer of answers) layers.set(answer.layer, (layers.get(answer.layer) ?? 0) + 1);
    }
    const after = await commandCalls(redis);
    const sent = Object.entries(after)
      .filter(([command]) => command !== 'info')
      .map(([command, calls]) => [command, calls - (before[command] ?? 0)] as const)
      .filter(([, calls]) => calls > 0);
    const total = sent.reduce((sum, [, calls]) => sum + calls, 0);
    expect(
      {
        answeredFromL1: layers.get('L1') ?? 0,
        redisCommands: total <= BACKGROUND_COMMANDS ? 'none' : Object.fromEntries(sent),
      },
      `lab sent ${HOT_READS} GET /items/${id} to ${a.instance} (X-Cache per answer: ${JSON.stringify(Object.fromEntries(layers))}) and read INFO commandstats ` +
        `before and after: an L1 hit must answer from memory without asking Redis (at most ${BACKGROUND_COMMANDS} background commands); Redis got`,
    ).toEqual({ answeredFromL1: HOT_READS, redisCommands: 'none' });
  });

  test(`an update through one instance clears L1 on the others within ${PUBSUB_BOUND_MS} ms`, async () => {
    const [a, b, c] = instances as [StartedLearnerService, StartedLearnerService, StartedLearnerService];
    const id = 'b1-update';
    for (const instance of [b, c]) await getItem(instance, id);
    const warm = await Promise.all([b, c].map((x) => getItem(x, id)));
    expect(
      warm.map(shown),
      `two GET /items/${id} on ${b.instance} and ${c.instance}: the second must be an L1 hit`,
    ).toMatchObject([
      { status: 200, 'x-cache': 'L1' },
      { status: 200, 'x-cache': 'L1' },
    ]);
    const put = await sendJson(`${a.url}/items/${id}`, 'PUT', { value: `${id}@v2` });
    const returned = performance.now();
    expect(put.status, `PUT /items/${id} on ${a.instance} answered ${put.text.slice(0, 200)}`).toBe(200);
    const freshAt = new Map<string, number>();
    const lastSeen = new Map<string, unknown>();
    while (freshAt.size < 2 && performance.now() - returned < PUBSUB_BOUND_MS * 10) {
      await Promise.all(
        [b, c]
          .filter((x) => !freshAt.has(x.instance))
          .map(async (x) => {
            const answer = await getItem(x, id);
            lastSeen.set(x.instance, answer.value);
            if (answer.value === `${id}@v2`) freshAt.set(x.instance, Math.round(performance.now() - returned));
          }),
      );
      await sleep(POLL_MS);
    }
    const late = [b, c]
      .map((x) => ({
        instance: x.instance,
        freshAfterMs: freshAt.get(x.instance) ?? 'never',
        lastValue: lastSeen.get(x.instance),
      }))
      .filter((x) => typeof x.freshAfterMs !== 'number' || x.freshAfterMs > PUBSUB_BOUND_MS);
    expect(
      late,
      `${b.instance} and ${c.instance} held ${id} in L1; lab PUT "${id}@v2" through ${a.instance} and polled them every ${POLL_MS} ms: ` +
        `both must serve the new value within ${PUBSUB_BOUND_MS} ms (publish the id on a channel every instance subscribes to; each drops its L1 copy); too late`,
    ).toEqual([]);
  });
});
