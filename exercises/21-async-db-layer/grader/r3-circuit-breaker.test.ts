import { afterAll, beforeAll, expect, test } from 'vitest';
import { criterion, pauseContainer, unpauseContainer } from '../../../harness/grading/grader-kit.ts';
import { type Answer, apiOf } from './support/api.ts';
import { type Stack, startOnOwnPostgres } from './support/stack.ts';

const THRESHOLD = 3;
const COOLDOWN_MS = 2500;
/** A write to the paused primary takes about this long (the program's own timeouts) before it fails. */
const STATEMENT_TIMEOUT_MS = 1200;
/**
 * A fast failure answers at once (a few ms on a quiet machine); half a second leaves a busy 2-core
 * machine its margin and still tells it from a call that waited for the database (≥ STATEMENT_TIMEOUT_MS).
 */
const FAST_MS = 500;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

criterion('R3', 'Circuit breaker', () => {
  let stack: Stack & { readonly server: string };
  let api: Stack['api'];
  let from: number;
  let to: number;
  let paused = false;
  const story: string[] = [];
  const write = async () => {
    const answer = await api.call('POST', '/transfers', { from, to, amount: 1 });
    story.push(`${answer.call} in ${Math.round(answer.ms)} ms`);
    return answer;
  };
  const breaker = async () => {
    const answer = await api.call<{ state?: string }>('GET', '/breaker');
    story.push(answer.call);
    return answer.body.state;
  };
  const told = () => `what the grader saw:\n  ${story.slice(-14).join('\n  ')}`;

  beforeAll(async () => {
    // The primary is a container of this criterion's own: pausing the run's shared Postgres would
    // freeze the criterion graded beside this one.
    stack = await startOnOwnPostgres('r3', {
      POOL_MAX: '5',
      POOL_ACQUIRE_TIMEOUT_MS: '1000',
      STATEMENT_TIMEOUT_MS: String(STATEMENT_TIMEOUT_MS),
      BREAKER_FAILURE_THRESHOLD: String(THRESHOLD),
      BREAKER_COOLDOWN_MS: String(COOLDOWN_MS),
    });
    // A request that hangs while the primary is paused fails this criterion after 8 s, not a minute.
    api = apiOf(stack.app.url, 8_000);
    [from, to] = [await api.createAccount(1000), await api.createAccount(1000)];
  });
  afterAll(async () => {
    if (paused) await unpauseContainer(stack.server).catch(() => {});
    await stack?.stop();
  });

  test('closed while the primary answers', async () => {
    expect((await write()).status, told()).toBe(200);
    expect(await breaker(), told()).toBe('closed');
  });

  test(`with the primary paused, ${THRESHOLD} failed writes open the breaker; then writes fail fast with CIRCUIT_OPEN`, async () => {
    story.push('-- grader: docker pause of the primary');
    paused = true;
    await pauseContainer(stack.server);
    for (let i = 0; i < THRESHOLD; i++) {
      const answer = await write();
      expect(
        answer.status,
        `a write while the primary is paused must fail (5xx), not hang: ${told()}`,
      ).toBeGreaterThanOrEqual(500);
    }
    expect(
      await breaker(),
      `after ${THRESHOLD} failures (BREAKER_FAILURE_THRESHOLD) GET /breaker must say open; ${told()}`,
    ).toBe('open');
    for (let i = 0; i < 5; i++) {
      const answer = await write();
      expect(
        { status: answer.status, code: (answer.body as { code?: string }).code },
        `while open, writes answer 503 CIRCUIT_OPEN at once; ${told()}`,
      ).toEqual({ status: 503, code: 'CIRCUIT_OPEN' });
      expect(
        answer.ms,
        `an open breaker fails fast: under ${FAST_MS} ms, where a call that waits for the paused primary takes STATEMENT_TIMEOUT_MS=${STATEMENT_TIMEOUT_MS}; ${told()}`,
      ).toBeLessThan(FAST_MS);
    }
  });

  test('after the cooldown exactly one probe reaches the primary; it fails and the breaker opens again', async () => {
    await sleep(COOLDOWN_MS + 300);
    const answers: Answer[] = await Promise.all(Array.from({ length: 6 }, () => write()));
    const probes = answers.filter((a) => (a.body as { code?: string }).code !== 'CIRCUIT_OPEN');
    expect(
      probes.length,
      `after BREAKER_COOLDOWN_MS, 6 concurrent writes: exactly one (the half-open probe) may try the primary, the others fail fast; ${told()}`,
    ).toBe(1);
    expect(probes[0]?.ms ?? 0, `the probe must really wait for the paused primary; ${told()}`).toBeGreaterThan(FAST_MS);
    expect(await breaker(), `the failed probe opens the breaker again; ${told()}`).toBe('open');
  });

  test('once the primary is back, the next probe closes the breaker and writes are fast again', async () => {
    story.push('-- grader: docker unpause of the primary');
    await unpauseContainer(stack.server);
    paused = false;
    await sleep(COOLDOWN_MS + 300);
    const probe = await write();
    expect(probe.status, `the half-open probe against the healthy primary must succeed; ${told()}`).toBe(200);
    expect(await breaker(), told()).toBe('closed');
    const after = [];
    for (let i = 0; i < 5; i++) after.push(await write());
    expect(
      after.map((a) => a.status),
      told(),
    ).toEqual([200, 200, 200, 200, 200]);
    expect(Math.max(...after.map((a) => a.ms)), `latency back to normal; ${told()}`).toBeLessThan(STATEMENT_TIMEOUT_MS);
  });
});
