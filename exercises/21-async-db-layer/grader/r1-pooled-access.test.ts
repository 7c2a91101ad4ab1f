import { afterAll, beforeAll, expect, test } from 'vitest';
import { criterion, parsePrometheusText } from '../../../harness/grading/grader-kit.ts';
import { appSessions, holdLocks } from './support/grader-sql.ts';
import { type Stack, startOnRunPostgres } from './support/stack.ts';

const POOL_MAX = 5;
// Long enough that 200 queued inserts drain in time on a busy 2-core machine once the lock goes.
const ACQUIRE_MS = 8000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Samples how many sessions the program holds on the primary, every 20 ms, until stopped. */
function watchSessions(url: string) {
  let max = 0;
  let running = true;
  const done = (async () => {
    while (running) {
      max = Math.max(max, (await appSessions(url)).length);
      await sleep(20);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await done;
      return max;
    },
  };
}

criterion('R1', 'Async engine & sessions', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startOnRunPostgres('r1', {
      readerRole: true,
      env: {
        POOL_MAX: String(POOL_MAX),
        POOL_ACQUIRE_TIMEOUT_MS: String(ACQUIRE_MS),
        STATEMENT_TIMEOUT_MS: '20000',
      },
    });
    await stack.api.createAccount(100);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  test(`200 concurrent writes all succeed while the primary never sees more than POOL_MAX=${POOL_MAX} of your sessions`, async () => {
    const { api, primaryUrl } = stack;
    // The grader blocks inserts until the requests have piled up, so the pool must queue them.
    const locks = await holdLocks(primaryUrl);
    await locks.lock('LOCK TABLE accounts IN SHARE MODE');
    const watch = watchSessions(primaryUrl);
    const answers = Promise.all(Array.from({ length: 200 }, (_, i) => api.call('POST', '/accounts', { balance: i })));
    // Observed, not timed: on a busy machine the 200 requests take a while to arrive.
    const poolNow = () => api.call<{ primary?: { total?: number; waiting?: number; max?: number } }>('GET', '/pool');
    let pool = await poolNow();
    for (const deadline = Date.now() + 4000; (pool.body.primary?.waiting ?? 0) < 150 && Date.now() < deadline; ) {
      await sleep(100);
      pool = await poolNow();
    }
    const metrics = parsePrometheusText(String((await api.call('GET', '/metrics')).body));
    await sleep(200);
    await locks.release();
    const results = await answers;
    const maxSessions = await watch.stop();

    const failed = results.filter((a) => a.status !== 201);
    expect(
      failed.slice(0, 3).map((a) => a.call),
      `all 200 POST /accounts must answer 201 once the grader's lock is gone (${failed.length} did not)`,
    ).toEqual([]);
    expect(
      maxSessions,
      `pg_stat_activity on the primary showed up to ${maxSessions} sessions with application_name 'async-db-layer' during 200 concurrent requests: at most POOL_MAX=${POOL_MAX} (and set that application_name on your pool)`,
    ).toBeLessThanOrEqual(POOL_MAX);
    expect(maxSessions, 'no session with application_name async-db-layer was ever seen on the primary').toBeGreaterThan(
      0,
    );
    expect(
      pool.body.primary,
      `GET /pool while the pool was exhausted (${pool.call}) must report the primary pool {total, idle, waiting, max}, with total ≤ max = POOL_MAX and requests waiting`,
    ).toMatchObject({
      total: expect.any(Number),
      idle: expect.any(Number),
      waiting: expect.any(Number),
      max: POOL_MAX,
    });
    expect(pool.body.primary?.total ?? 99).toBeLessThanOrEqual(POOL_MAX);
    expect(
      pool.body.primary?.waiting ?? 0,
      `${pool.call}: ~195 requests were waiting for a connection`,
    ).toBeGreaterThan(50);
    for (const name of ['pg_pool_total_connections', 'pg_pool_idle_connections', 'pg_pool_waiting_requests']) {
      expect(metrics.sums[name], `GET /metrics must expose ${name} (a gauge per pool)`).toBeTypeOf('number');
    }
    expect(
      metrics.sums.pg_pool_waiting_requests ?? 0,
      'pg_pool_waiting_requests must count the requests waiting for a connection while the pool was exhausted',
    ).toBeGreaterThan(50);
  });

  test(`when no connection frees up, requests get 503 POOL_TIMEOUT after POOL_ACQUIRE_TIMEOUT_MS=${ACQUIRE_MS}, and the pool recovers`, async () => {
    const { api, primaryUrl } = stack;
    const locks = await holdLocks(primaryUrl);
    await locks.lock('LOCK TABLE accounts IN SHARE MODE');
    // The lock goes away on a timer of its own, whatever the program does meanwhile.
    const released = sleep(ACQUIRE_MS + 3000).then(() => locks.release());
    // POOL_MAX requests take every connection and wait on the grader's lock; the next ones find none free.
    const holders = Promise.all(Array.from({ length: POOL_MAX }, () => api.call('POST', '/accounts', { balance: 1 })));
    await sleep(600);
    const timedOut = await Promise.all(Array.from({ length: 10 }, () => api.call('POST', '/accounts', { balance: 2 })));
    await released;
    for (const answer of timedOut) {
      expect(
        { status: answer.status, code: (answer.body as { code?: string }).code },
        `with every connection held ${ACQUIRE_MS + 3000} ms by the grader's lock: ${answer.call}`,
      ).toEqual({ status: 503, code: 'POOL_TIMEOUT' });
      expect(
        answer.ms,
        `the 503 must come when the acquire timeout ends (${ACQUIRE_MS} ms), not later: it took ${Math.round(answer.ms)} ms`,
      ).toBeLessThan(ACQUIRE_MS + 1500);
      expect(
        answer.ms,
        `it came after ${Math.round(answer.ms)} ms: wait POOL_ACQUIRE_TIMEOUT_MS first`,
      ).toBeGreaterThan(ACQUIRE_MS - 300);
    }
    const held = await holders;
    expect(
      held?.map((a) => a.status),
      'the requests that held connections must finish once the lock is gone',
    ).toEqual(Array(POOL_MAX).fill(201));
    const after = await api.call('POST', '/accounts', { balance: 3 });
    expect(after.status, `the pool must recover: ${after.call}`).toBe(201);
    const pool = await api.call<{ primary?: { waiting?: number } }>('GET', '/pool');
    expect(pool.body.primary?.waiting, pool.call).toBe(0);
  });
});
