import { afterAll, beforeAll, expect, test } from 'vitest';
import { criterion, type StartedLearnerService, startInstance } from '../../../harness/grading/grader-kit.ts';
import { type Api, apiOf } from './support/api.ts';
import { sql } from './support/grader-sql.ts';
import { serverLogSince } from './support/server-log.ts';
import { type Stack, startOnRunPostgres } from './support/stack.ts';

const REPEATS = 100;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One step of the extended protocol as Postgres logs it with log_min_duration_statement = 0. */
interface Step {
  readonly kind: 'parse' | 'bind' | 'execute';
  readonly name: string;
  /** The first line of its SQL text. */
  readonly sql: string;
}

const steps = (log: string): Step[] =>
  [...log.matchAll(/duration: [\d.]+ ms {2}(parse|bind|execute) (\S+?): ([^\n]*)/g)].map((m) => ({
    kind: m[1] as Step['kind'],
    name: m[2] as string,
    sql: (m[3] as string).trim(),
  }));

criterion('B1', 'Statement caching', () => {
  let stack: Stack;
  let off: StartedLearnerService;
  let offApi: Api;
  let account: number;

  /** Runs the report query `REPEATS` times; returns the steps the server logged meanwhile. */
  async function reports(api: Api) {
    // Log windows are cut by time: a pause keeps one window's last lines out of the next.
    await sleep(300);
    const since = Date.now();
    for (let i = 0; i < REPEATS; i++) {
      const answer = await api.call('GET', `/accounts/${account}/report`);
      if (answer.status !== 200) throw new Error(`the report query must answer 200: ${answer.call}`);
    }
    await sleep(300);
    return steps(await serverLogSince(since));
  }

  beforeAll(async () => {
    // Only this criterion's database logs every step of every statement (set before the program
    // connects): the grader reads which ran as named prepared statements.
    stack = await startOnRunPostgres('b1', {
      env: { STATEMENT_CACHE: 'on' },
      beforeStart: async (url) => {
        const database = new URL(url).pathname.slice(1);
        await sql(url, `ALTER DATABASE "${database}" SET log_min_duration_statement = 0`);
      },
    });
    off = await startInstance('b1-off', { ...stack.env, STATEMENT_CACHE: 'off' }, { readyTimeoutMs: 90_000 });
    offApi = apiOf(off.url);
    account = await stack.api.createAccount(100);
    for (let i = 0; i < 20; i++) await stack.api.call('POST', '/accounts', { balance: i });
  });
  afterAll(async () => {
    await off?.stop();
    await stack?.stop();
  });

  test('with STATEMENT_CACHE=on the repeated report runs as a named prepared statement; with off, unnamed', async () => {
    const on = await reports(stack.api);
    const offSteps = await reports(offApi);
    const counts = (all: readonly Step[]) => {
      const byName = new Map<string, number>();
      for (const s of all) if (s.kind === 'execute') byName.set(s.name, (byName.get(s.name) ?? 0) + 1);
      return byName;
    };
    const named = [...counts(on)].filter(([name]) => name !== '<unnamed>').sort((a, b) => b[1] - a[1]);
    const [topName, topCount] = named[0] ?? [];
    expect(
      topCount ?? 0,
      `over ${REPEATS} GET /accounts/:id/report with STATEMENT_CACHE=on, the server log must show "execute <name>" for them; it showed ${JSON.stringify(Object.fromEntries(counts(on)))}`,
    ).toBeGreaterThanOrEqual(REPEATS);
    const text = on.find((s) => s.name === topName)?.sql ?? '';
    const offReports = offSteps.filter((s) => s.sql === text && s.kind === 'execute');
    expect(
      {
        unnamed: offReports.filter((s) => s.name === '<unnamed>').length,
        named: offReports.filter((s) => s.name !== '<unnamed>').length,
      },
      `with STATEMENT_CACHE=off the same query (${text.slice(0, 60)}…) runs unnamed (the grader compares both)`,
    ).toEqual({ unnamed: offReports.length, named: 0 });
    expect(offReports.length).toBeGreaterThanOrEqual(REPEATS);
  });
});
