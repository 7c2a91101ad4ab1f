import { afterAll, describe, expect, it } from 'vitest';
import { contentionReport } from '../../src/contention-report.ts';
import { lockMetrics } from '../../src/lock-metrics.ts';
import { resourceClient } from '../../src/resource-client.ts';
import { runSections } from '../../src/run-sections.ts';
import { readSections } from '../../src/section-stats.ts';
import { singleNodeStore } from '../../src/single-node-store.ts';
import { testRedis } from './redis-env.ts';

// Two "workers" in one process contend for one lock on the real Redis; no resource (RESOURCE_URL unset).
describe('critical sections on Redis', () => {
  const env = testRedis();
  afterAll(() => env.cleanUp());
  const worker = (workerId: string) => ({
    workerId,
    prefix: env.prefix,
    ttlMs: 1500,
    redis: env.redis,
    store: singleNodeStore(env.redis),
    resource: resourceClient(''),
    metrics: lockMetrics(1500),
  });

  it('runs every section, one holder at a time, and records them for the report', async () => {
    const [a, b] = [worker('a'), worker('b')];
    const request = { lock: 'shared', iterations: 4, holdMs: 20, acquireTimeoutMs: 10_000 };
    const started = performance.now();
    const [ra, rb] = await Promise.all([runSections(a, request), runSections(b, request)]);
    const wallMs = performance.now() - started;
    expect([ra.acquired, rb.acquired, ra.failed + rb.failed]).toEqual([4, 4, 0]);
    // One holder at a time: 8 holds of ≥ 20 ms one after another take at least 160 ms of wall time.
    expect([...ra.holdMs, ...rb.holdMs].every((ms) => ms >= 19)).toBe(true);
    expect(wallMs).toBeGreaterThanOrEqual(8 * 19);
    const report = contentionReport(await readSections(env.redis, env.prefix));
    expect(report).toMatchObject({
      acquisitions: 8,
      failures: 0,
      perWorker: { a: { acquisitions: 4 }, b: { acquisitions: 4 } },
    });
    expect(await a.metrics.registry.getSingleMetricAsString('lock_acquisitions_total')).toContain(
      'lock_acquisitions_total{lock="shared"} 4',
    );
  });

  it('counts a section that cannot get the lock in time as failed', async () => {
    await env.redis.set(`${env.prefix}lock:busy`, 'held-by-test', 'PX', 5000);
    const result = await runSections(worker('c'), { lock: 'busy', iterations: 2, holdMs: 0, acquireTimeoutMs: 50 });
    expect(result).toMatchObject({ acquired: 0, failed: 2 });
  });
});
