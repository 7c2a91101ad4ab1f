import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { criterion, waitUntil } from '../../../harness/grading/grader-kit.ts';
import type { Answer } from './support/api.ts';
import { appSessions, holdLocks, sql } from './support/grader-sql.ts';
import { type Stack, startOnRunPostgres } from './support/stack.ts';

const LOCK_ROW = 'SELECT id FROM accounts WHERE id = $1 FOR UPDATE';

criterion('R2', 'Transactions', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startOnRunPostgres('r2', {
      env: {
        POOL_MAX: '10',
        POOL_ACQUIRE_TIMEOUT_MS: '15000',
        STATEMENT_TIMEOUT_MS: '30000',
        TX_MAX_RETRIES: '10',
      },
    });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  /** Balances as a fresh instance reads them once the replica caught up. */
  const balances = async (ids: readonly number[]) => {
    await stack.waitForReplay();
    return Promise.all(ids.map((id) => stack.api.balance(id)));
  };

  /**
   * Sends `requests` while the grader holds locks on `lockedIds`, waits until that many of the program's
   * sessions wait on a lock (their transactions are underway), SIGKILLs the program, releases the locks
   * and restarts it. One kill for every request: each restart costs a start-up of the program.
   */
  async function killMidTransaction(
    lockedIds: readonly number[],
    requests: (() => Promise<Answer>)[],
  ): Promise<string> {
    const locks = await holdLocks(stack.primaryUrl);
    try {
      await locks.lock('SELECT id FROM accounts WHERE id = ANY($1::int[]) FOR UPDATE', [lockedIds]);
      for (const request of requests) void request().catch(() => undefined);
      const blocked = await waitUntil(
        async () => (await appSessions(stack.primaryUrl)).filter((s) => s.wait === 'Lock').length >= requests.length,
        10_000,
        50,
      );
      expect(
        blocked,
        `the requests never reached accounts ${lockedIds.join(', ')}, which the grader had locked (fewer than ${requests.length} sessions of yours waited on them)`,
      ).toBe(true);
      await stack.app.kill9();
    } finally {
      await locks.release();
    }
    // Postgres notices the dead client when the lock is granted; then it rolls back what the session did.
    const gone = await waitUntil(async () => (await appSessions(stack.primaryUrl)).length === 0, 10_000, 50);
    const left = (await appSessions(stack.primaryUrl)).map((s) => s.state);
    // restart() is a new process on the same port: the API's URL stays the same.
    await stack.restart();
    return gone ? '' : `sessions of the killed program still on the primary: ${left.join(', ')}`;
  }

  describe('SIGKILL mid-transaction', () => {
    let single: number[];
    let batch: number[];
    let leftover: string;
    beforeAll(async () => {
      const ids = [];
      for (let i = 0; i < 5; i++) ids.push(await stack.api.createAccount(1000));
      const [from, to, p, q, r] = ids as [number, number, number, number, number];
      single = [from, to];
      batch = [p, q, r];
      // 299 transfers between p and q, and the 150th from q to r — an account the grader locks.
      const transfers = Array.from({ length: 300 }, (_, i) =>
        i === 149
          ? { from: q, to: r, amount: 5 }
          : i % 2
            ? { from: q, to: p, amount: 2 }
            : { from: p, to: q, amount: 3 },
      );
      leftover = await killMidTransaction(
        [to, r],
        [
          () => stack.api.call('POST', '/transfers', { from, to, amount: 7 }),
          () => stack.api.call('POST', '/transfers/batch', { transfers }),
        ],
      );
    });

    test('the killed sessions leave the primary', () => {
      expect(leftover).toBe('');
    });

    test('a transfer SIGKILLed mid-transaction leaves no partial write', async () => {
      const [from, to] = single as [number, number];
      expect(
        await balances(single),
        `the program was SIGKILLed while POST /transfers {from: ${from}, to: ${to}, amount: 7} waited on account ${to}: ` +
          'both writes must be one transaction, so neither may remain',
      ).toEqual([1000, 1000]);
    });

    test('a batch of 300 transfers SIGKILLed mid-batch is all-or-nothing, money unchanged', async () => {
      const after = await balances(batch);
      const all = [1000 - 150 * 3 + 149 * 2, 1000 + 150 * 3 - 149 * 2 - 5, 1005];
      expect(
        after.join() === '1000,1000,1000' ? 'none' : after.join() === all.join() ? 'all' : after,
        `POST /transfers/batch (300 transfers over accounts ${batch.join(', ')}) was SIGKILLed mid-batch: ` +
          'either all or none may be applied (one transaction for the whole batch)',
      ).toMatch(/^(none|all)$/);
    });
  });

  test('no session is left idle in transaction', async () => {
    const idle = (await appSessions(stack.primaryUrl)).filter((s) => s.state?.startsWith('idle in transaction'));
    expect(idle.map((s) => s.query)).toEqual([]);
  });

  test('500 concurrent opposite transfers between two accounts all succeed with exact balances', async () => {
    const [a, b] = [await stack.api.createAccount(5000), await stack.api.createAccount(5000)];
    const answers = await Promise.all(
      Array.from({ length: 500 }, (_, i) =>
        stack.api.call('POST', '/transfers', i % 2 ? { from: a, to: b, amount: 3 } : { from: b, to: a, amount: 2 }),
      ),
    );
    const failed = answers.filter((x) => x.status !== 200);
    expect(
      failed.slice(0, 3).map((x) => x.call),
      `${failed.length} of 500 concurrent transfers failed`,
    ).toEqual([]);
    expect(await balances([a, b]), '250 × 3 from a to b and 250 × 2 from b to a').toEqual([5000 - 250, 5000 + 250]);
  });

  test('deadlocks the grader provokes are retried until the transfer commits', async () => {
    const [d, e] = [await stack.api.createAccount(1000), await stack.api.createAccount(1000)];
    const deadlocks = async () =>
      Number(
        (
          await sql<{ n: string }>(
            stack.primaryUrl,
            'SELECT deadlocks AS n FROM pg_stat_database WHERE datname = current_database()',
          )
        )[0]?.n,
      );
    const before = await deadlocks();
    const stories: string[] = [];
    // Whichever account your transaction locks first, one of the two rounds closes a cycle.
    for (const [first, second] of [
      [d, e],
      [e, d],
    ] as const) {
      const locks = await holdLocks(stack.primaryUrl);
      let answer: Answer;
      try {
        await locks.lock(LOCK_ROW, [first]);
        const sent = stack.api.call('POST', '/transfers', { from: d, to: e, amount: 10 });
        await waitUntil(async () => (await appSessions(stack.primaryUrl)).some((s) => s.wait === 'Lock'), 10_000, 50);
        await locks.lockLater(LOCK_ROW, [second]);
        await locks.release();
        answer = await sent;
      } finally {
        await locks.release();
      }
      stories.push(`grader locked ${first} then ${second}: ${answer.call}`);
      expect(answer.status, stories.join('\n')).toBe(200);
    }
    expect(await deadlocks(), `Postgres detected no deadlock:\n${stories.join('\n')}`).toBeGreaterThan(before);
    expect(await balances([d, e])).toEqual([980, 1020]);
  });
});
