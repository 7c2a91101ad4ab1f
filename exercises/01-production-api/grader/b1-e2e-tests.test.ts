import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  criterion,
  type FreshDatabase,
  freshDatabase,
  invoke,
  type LearnerCommandResult,
  lab,
} from '../../../harness/grading/grader-kit.ts';
import { apiEnv } from './support/api-env.ts';
import { type JunitCase, junitCases } from './support/junit-report.ts';

const MIN_PASSING = 10;
const MIN_LINE_PCT = 80;
/** What the tests must cover, found in test names (name or suite). */
const TOPICS: Record<string, RegExp> = {
  login: /log-?in/i,
  refresh: /refresh/i,
  'role refusal': /role|403|forbid/i,
  pagination: /paginat|page|limit|offset|cursor/i,
  'error schema': /error|problem|404|400|415|422|valid/i,
};

const tail = (text: string, lines = 15) => text.trim().split('\n').slice(-lines).join('\n    ');

criterion('B1', 'E2E tests (httpx + pytest → vitest + undici)', () => {
  let db: FreshDatabase;
  let result: LearnerCommandResult;
  let startedAt: number;
  const file = (path: string) => join(lab().programDir, path);
  /** A report must be written by this run, not left over from an earlier one. */
  const fresh = (path: string) => existsSync(file(path)) && statSync(file(path)).mtimeMs >= startedAt - 2_000;

  beforeAll(async () => {
    db = await freshDatabase('b1');
    // Reports left by an earlier run (or copied along with the folder) must not count for this one.
    for (const path of ['reports/junit.xml', 'coverage/coverage-summary.json']) rmSync(file(path), { force: true });
    startedAt = Date.now();
    result = await invoke('test-e2e', [], { env: { ...apiEnv(), DATABASE_URL: db.url }, timeoutMs: 240_000 });
  }, 300_000);
  afterAll(() => db?.drop());

  const command = () =>
    `${result.argv.join(' ')} (exit ${result.exitCode ?? result.signal}${result.timedOut ? ', timed out' : ''})`;

  test('the test-e2e command exits 0', () => {
    expect(
      result.exitCode,
      `${command()} with DATABASE_URL of a fresh database, JWT_SECRET and the rest of the contract env\n  last output:\n    ${tail(result.stdout + result.stderr)}`,
    ).toBe(0);
  });

  test(`reports/junit.xml lists at least ${MIN_PASSING} passing tests covering login, refresh, role refusal, pagination and the error schema`, () => {
    expect(
      fresh('reports/junit.xml'),
      `${command()} must write reports/junit.xml (vitest --reporter=junit --outputFile=reports/junit.xml)`,
    ).toBe(true);
    const cases: JunitCase[] = junitCases(readFileSync(file('reports/junit.xml'), 'utf8'));
    const passing = cases.filter((c) => c.passed);
    expect(passing.length, `passing test cases in reports/junit.xml (of ${cases.length})`).toBeGreaterThanOrEqual(
      MIN_PASSING,
    );
    const names = passing.map((c) => `${c.classname} ${c.name}`);
    const uncovered = Object.entries(TOPICS)
      .filter(([, pattern]) => !names.some((name) => pattern.test(name)))
      .map(([topic, pattern]) => `${topic} (no passing test name matches ${pattern})`);
    expect(uncovered, `topics without a passing test; your test names:\n    ${names.join('\n    ')}`).toEqual([]);
  });

  test(`coverage/coverage-summary.json shows at least ${MIN_LINE_PCT} % lines for src/auth* and src/pagination*`, () => {
    expect(
      fresh('coverage/coverage-summary.json'),
      `${command()} must write coverage/coverage-summary.json (@vitest/coverage-v8, reporter json-summary)`,
    ).toBe(true);
    const summary = JSON.parse(readFileSync(file('coverage/coverage-summary.json'), 'utf8')) as Record<
      string,
      { lines?: { pct?: number } }
    >;
    const modules = Object.entries(summary)
      .filter(([path]) => path !== 'total')
      .map(([path, entry]) => ({ path: relative(lab().programDir, path), pct: Number(entry.lines?.pct ?? 0) }));
    for (const prefix of ['src/auth', 'src/pagination']) {
      const mine = modules.filter((m) => m.path.startsWith(prefix));
      expect(
        mine.length,
        `no file ${prefix}* in the coverage summary; files: ${modules.map((m) => m.path).join(', ')}`,
      ).toBeGreaterThan(0);
      const low = mine.filter((m) => m.pct < MIN_LINE_PCT).map((m) => `${m.path}: ${m.pct} %`);
      expect(low, `line coverage below ${MIN_LINE_PCT} %:`).toEqual([]);
    }
  });
});
