import { afterAll, beforeAll, expect, test } from 'vitest';
import { criterion, parsePrometheusText, waitUntil } from '../../../harness/grading/grader-kit.ts';
import { type ReplicatedStack, startOnReplicatedPostgres } from './support/stack.ts';

const MAX_LAG_MS = 1000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

criterion('R4', 'Read/write split', () => {
  let stack: ReplicatedStack;
  let account: number;
  let other: number;
  let sessionLsn: string | null = null;
  const story: string[] = [];
  const told = () => `what the grader saw:\n  ${story.slice(-10).join('\n  ')}`;
  const lagMetric = async () => {
    const scrape = parsePrometheusText(String((await stack.api.call('GET', '/metrics')).body));
    return scrape.sums.replica_lag_seconds;
  };
  const replicaStatus = async () => {
    const answer = await stack.api.call<{ lagSeconds?: number; freshReadsGoTo?: string }>('GET', '/replica');
    story.push(answer.call);
    return answer.body;
  };

  beforeAll(async () => {
    stack = await startOnReplicatedPostgres('r4', { MAX_REPLICA_LAG_MS: String(MAX_LAG_MS) });
    [account, other] = [await stack.api.createAccount(500), await stack.api.createAccount(500)];
    await stack.db.waitForReplay();
  });
  afterAll(async () => {
    await stack?.db.resumeReplay().catch(() => {});
    await stack?.stop();
  });

  test('a write returns X-Session-LSN; with replay paused, plain reads still come from the replica', async () => {
    expect(await stack.api.balance(account)).toBe(500);
    story.push('-- grader: pg_wal_replay_pause() on the replica');
    await stack.db.pauseReplay();
    const transfer = await stack.api.call('POST', '/transfers', { from: account, to: other, amount: 100 });
    story.push(transfer.call);
    expect(transfer.status, told()).toBe(200);
    sessionLsn = transfer.headers.get('x-session-lsn');
    expect(sessionLsn, `a write must return its WAL position in X-Session-LSN (e.g. 0/3000148); ${told()}`).toMatch(
      /^[0-9A-F]+\/[0-9A-F]+$/i,
    );
    await sleep(300);
    const plain = await stack.api.balance(account);
    story.push(`GET /accounts/${account} → balance ${plain}`);
    expect(
      plain,
      `GET /accounts/:id must read from the replica: its replay is paused so it still has 500, the primary has 400; ${told()}`,
    ).toBe(500);
  });

  test('a read carrying X-Session-LSN sees that write (read-your-writes)', async () => {
    const fresh = await stack.api.balance(account, { 'x-session-lsn': sessionLsn ?? '' });
    story.push(`GET /accounts/${account} with X-Session-LSN ${sessionLsn} → balance ${fresh}`);
    expect(fresh, `the replica has not replayed ${sessionLsn}: such a read must go to the primary; ${told()}`).toBe(
      400,
    );
  });

  test('replica_lag_seconds rises with replay paused, and GET /replica sends fresh reads to the primary', async () => {
    await sleep(2 * MAX_LAG_MS);
    const truth = await stack.db.replayLagSeconds();
    const metric = await lagMetric();
    story.push(`grader measured a lag of ${truth.toFixed(2)} s; replica_lag_seconds = ${metric}`);
    expect(metric, `GET /metrics must expose the gauge replica_lag_seconds; ${told()}`).toBeTypeOf('number');
    expect(metric ?? 0, `replica_lag_seconds must follow the real lag (within 1.5 s); ${told()}`).toBeGreaterThan(
      truth - 1.5,
    );
    expect(metric ?? 0, told()).toBeLessThan(truth + 1.5);
    const status = await replicaStatus();
    expect(status, `GET /replica must report {lagSeconds, freshReadsGoTo}; ${told()}`).toMatchObject({
      lagSeconds: expect.any(Number),
      freshReadsGoTo: 'primary',
    });
    expect(status.lagSeconds ?? 0, told()).toBeGreaterThan(MAX_LAG_MS / 1000);
  });

  test('when replay resumes, the lag falls back and fresh reads return to the replica', async () => {
    story.push('-- grader: pg_wal_replay_resume() on the replica');
    await stack.db.resumeReplay();
    await stack.db.waitForReplay();
    const settled = await waitUntil(async () => ((await lagMetric()) ?? 99) < MAX_LAG_MS / 1000, 5_000, 200);
    expect(
      settled,
      `replica_lag_seconds must fall below ${MAX_LAG_MS / 1000} s once the replica caught up; ${told()}`,
    ).toBe(true);
    expect((await replicaStatus()).freshReadsGoTo, told()).toBe('replica');
    expect(await stack.api.balance(account), 'the replica has replayed the transfer').toBe(400);
  });
});
