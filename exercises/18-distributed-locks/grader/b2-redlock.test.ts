import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  criterion,
  type ServiceInstance,
  type StartedLearnerService,
  startServiceInstance,
  stopContainer,
} from '../../../harness/grading/grader-kit.ts';
import { contentionRun } from './support/contention-run.ts';
import { overlapsOf, sectionsOf, tokenRegressions } from './support/critical-sections.ts';
import { type FencedResource, startFencedResource } from './support/fenced-resource.ts';
import { criterionPrefix, lockKey, startWorkers, stopWorkers, workerEnv } from './support/lock-workers.ts';
import { postRun } from './support/post-run.ts';
import { readDoc } from './support/read-doc.ts';

const NODES = ['redlock-1', 'redlock-2', 'redlock-3'] as const;

criterion('B2', 'Multi-node quorum', () => {
  const prefix = criterionPrefix('b2');
  let resource: FencedResource;
  let nodes: ServiceInstance[];
  let workers: StartedLearnerService[];
  let urls: string;

  beforeAll(async () => {
    resource = await startFencedResource();
    nodes = await Promise.all(NODES.map((name) => startServiceInstance('redis', name)));
    urls = nodes.map((n) => n.url).join(',');
    workers = await startWorkers(workerEnv(prefix, resource.url, { REDIS_URLS: urls }));
  });
  afterAll(async () => {
    await stopWorkers(workers);
    await resource?.close();
  });

  test('mutual exclusion holds through a contention run while one of the three nodes is stopped', async () => {
    const lock = 'b2-one-down';
    const entered = () => sectionsOf(resource.accesses(), lock).length;
    const running = contentionRun(workers, lock, [50, 50, 50, 50], 5);
    // Stop the first node a third of the way through, while a holder may hold it there.
    let stoppedAt: number | undefined;
    const deadline = Date.now() + 60_000;
    while (stoppedAt === undefined && Date.now() < deadline) {
      if (entered() >= 60) {
        await stopContainer(NODES[0]);
        stoppedAt = entered();
      } else await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const run = await running;
    const sections = sectionsOf(resource.accesses(), lock);
    const story = `with REDIS_URLS=${urls}: ${run.sent}; lab stopped ${NODES[0]} after ${stoppedAt} entries`;
    expect(stoppedAt, `${story}\nthe resource never saw 60 entries`).toBeDefined();
    expect(
      run.answers.map((a) => a.acquired),
      `${story}\ntwo of three nodes still form a majority: every section must complete`,
    ).toEqual([50, 50, 50, 50]);
    expect(sections.length - (stoppedAt ?? 0), `${story}\nno entries after the node stopped`).toBeGreaterThan(0);
    expect(overlapsOf(sections).slice(0, 5), `${story}\nthe resource saw two holders inside at once`).toEqual([]);
    expect(tokenRegressions(sections).slice(0, 5), `${story}\nfencing tokens must keep rising`).toEqual([]);
  });

  test('with two of three nodes stopped no lock is granted, and the minority grant is released at once', async () => {
    const lock = 'b2-two-down';
    await stopContainer(NODES[1]);
    const body = { lock, iterations: 3, holdMs: 5, acquireTimeoutMs: 1_000 };
    const answers = await Promise.all(workers.slice(0, 2).map((w) => postRun(w, body, 20_000)));
    const live = new Redis(nodes[2]?.url ?? '', { maxRetriesPerRequest: 1 });
    live.on('error', () => {});
    let leftOver: { exists: number; pttl: number };
    try {
      const key = lockKey(prefix, lock);
      leftOver = { exists: await live.exists(key), pttl: await live.pttl(key) };
    } finally {
      live.disconnect();
    }
    const story =
      `with ${NODES[0]} and ${NODES[1]} stopped (only ${NODES[2]} answers), lab sent POST /run ${JSON.stringify(body)} ` +
      `to ${workers
        .slice(0, 2)
        .map((w) => w.instance)
        .join(' and ')}`;
    expect(
      answers.map((a) => ({ acquired: a.acquired, failed: a.failed })),
      `${story}\none node of three is no majority: every section must fail`,
    ).toEqual(answers.map(() => ({ acquired: 0, failed: 3 })));
    expect(
      sectionsOf(resource.accesses(), lock).map((s) => `${s.worker} entered with token ${s.token}`),
      `${story}\nthe resource must see no entry`,
    ).toEqual([]);
    expect(
      leftOver,
      `${story}\nright after the answers, lab read ${lockKey(prefix, lock)} on ${NODES[2]}: a lock granted by fewer than ` +
        'a majority must be released on every node at once, not left to expire',
    ).toEqual({ exists: 0, pttl: -2 });
  });

  test('docs/redlock.md discusses clock drift and the role of fencing', () => {
    const doc = readDoc('docs/redlock.md', { 'clock drift': /clock|drift/i, fencing: /fenc/i });
    expect(doc.exists, `${doc.path} is missing: discuss clock drift and the role of fencing tokens`).toBe(true);
    expect(doc.words, `${doc.path} has ${doc.words} words; write at least 80`).toBeGreaterThanOrEqual(80);
    expect(doc.named, `${doc.path} must discuss clock drift and fencing`).toEqual(['clock drift', 'fencing']);
  });
});
