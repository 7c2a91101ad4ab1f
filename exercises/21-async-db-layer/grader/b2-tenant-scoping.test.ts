import { afterAll, beforeAll, expect, test } from 'vitest';
import { criterion } from '../../../harness/grading/grader-kit.ts';
import { type Stack, startOnRunPostgres } from './support/stack.ts';

criterion('B2', 'Tenant scoping', () => {
  let stack: Stack;
  const mine: Record<'ta' | 'tb', number[]> = { ta: [], tb: [] };
  const as = (tenant: string) => ({ 'x-tenant-id': tenant });

  beforeAll(async () => {
    stack = await startOnRunPostgres('b2');
    for (let i = 0; i < 3; i++) {
      mine.ta.push(await stack.api.createAccount(100 + i, 'ta'));
      mine.tb.push(await stack.api.createAccount(200 + i, 'tb'));
    }
    await stack.waitForReplay();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  test("another tenant's account is 404 for reads and for transfers, and nothing moves", async () => {
    const [a, b] = [mine.ta[0] as number, mine.tb[0] as number];
    const calls = [
      await stack.api.call('GET', `/accounts/${b}`, undefined, as('ta')),
      await stack.api.call('GET', `/accounts/${b}`, undefined, { ...as('ta'), 'x-session-lsn': '0/0' }),
      await stack.api.call('POST', '/transfers', { from: b, to: a, amount: 50 }, as('ta')),
      await stack.api.call('POST', '/transfers', { from: a, to: b, amount: 50 }, as('ta')),
      await stack.api.call('POST', '/transfers/batch', { transfers: [{ from: b, to: a, amount: 50 }] }, as('ta')),
    ];
    for (const answer of calls) expect(answer.status, `as tenant ta: ${answer.call}`).toBe(404);
    await stack.waitForReplay();
    expect(await stack.api.balance(a, as('ta'))).toBe(100);
    expect(await stack.api.balance(b, as('tb'))).toBe(200);
  });

  test('200 interleaved concurrent requests of two tenants each see only their own rows', async () => {
    const answers = await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        const tenant = i % 2 ? 'ta' : 'tb';
        const own = i % 4 < 2;
        const ids = own ? mine[tenant] : mine[tenant === 'ta' ? 'tb' : 'ta'];
        const id = ids[i % 3] as number;
        const answer = await stack.api.call('GET', `/accounts/${id}`, undefined, as(tenant));
        return { own, answer };
      }),
    );
    const wrong = answers.filter(({ own, answer }) => answer.status !== (own ? 200 : 404));
    expect(
      wrong.slice(0, 3).map(({ answer }) => answer.call),
      `${wrong.length} of 200 concurrent reads saw the wrong thing (own account → 200, the other tenant's → 404)`,
    ).toEqual([]);
  });

  test('a request without a tenant is refused with 400, never run unfiltered', async () => {
    const id = mine.ta[1] as number;
    for (const answer of [
      await stack.api.call('GET', `/accounts/${id}`, undefined, { 'x-tenant-id': '' }),
      await stack.api.call('POST', '/accounts', { balance: 5 }, { 'x-tenant-id': '' }),
    ]) {
      expect(answer.status, `without X-Tenant-Id: ${answer.call}`).toBe(400);
    }
  });
});
