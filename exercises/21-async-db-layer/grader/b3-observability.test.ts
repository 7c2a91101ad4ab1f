import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { criterion, lab } from '../../../harness/grading/grader-kit.ts';
import { delta, type HistogramSeries, histogramSeries, quantile } from './support/histogram.ts';
import { type Stack, startOnRunPostgres } from './support/stack.ts';

const INJECTED_MS = 200;
const SLOW_QUERY_MS = 100;
const REQUESTS = 20;

interface SlowLine {
  readonly msg?: string;
  readonly sql?: string;
  readonly durationMs?: number;
  readonly pool?: string;
}

/** The program's JSON lines written to this criterion's log so far (lab prefixes each with its instance). */
function programLines(): string[] {
  const text = readFileSync(join(lab().logDir, 'B3.log'), 'utf8');
  return text.split('\n').flatMap((line) => {
    const match = /^\[your program\] \[b3\] (\{.*)$/.exec(line);
    return match?.[1] ? [match[1]] : [];
  });
}

criterion('B3', 'Observability', () => {
  let stack: Stack;
  let account: number;
  let slow: SlowLine[] = [];
  let series: HistogramSeries | undefined;
  const measured: number[] = [];

  beforeAll(async () => {
    stack = await startOnRunPostgres('b3', { env: { SLOW_QUERY_MS: String(SLOW_QUERY_MS) } });
    account = await stack.api.createAccount(100);
    await stack.waitForReplay();
    const before = histogramSeries(String((await stack.api.call('GET', '/metrics')).body), 'db_query_duration_seconds');
    const linesBefore = programLines().length;
    // The grader's injected latency: the report query sleeps INJECTED_MS in the database.
    for (let i = 0; i < REQUESTS; i++) {
      const answer = await stack.api.call('GET', `/accounts/${account}/report?delayMs=${INJECTED_MS}`);
      if (answer.status !== 200) throw new Error(`GET /accounts/:id/report?delayMs=${INJECTED_MS}: ${answer.call}`);
      measured.push(answer.ms);
    }
    const after = histogramSeries(String((await stack.api.call('GET', '/metrics')).body), 'db_query_duration_seconds');
    await new Promise((resolve) => setTimeout(resolve, 300));
    slow = programLines()
      .slice(linesBefore)
      .flatMap((line) => {
        try {
          return [JSON.parse(line) as SlowLine];
        } catch {
          return [];
        }
      })
      .filter((line) => line.msg === 'slow query');
    // The series that grew by one observation per report request, around the injected latency.
    series = [...after.values()]
      .map((s) => delta(s, before.get(s.labels)))
      .find((s) => s.count === REQUESTS && s.sum / s.count > (INJECTED_MS / 1000) * 0.8);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  test(`one slow-query line per query slower than SLOW_QUERY_MS=${SLOW_QUERY_MS}, with its SQL and no parameter values`, () => {
    // Other queries may be slow on a busy machine too; the injected ones are the ones taking ~INJECTED_MS.
    const bySql = new Map<string, SlowLine[]>();
    for (const line of slow.filter((l) => (l.durationMs ?? 0) >= INJECTED_MS * 0.9)) {
      bySql.set(line.sql ?? '', [...(bySql.get(line.sql ?? '') ?? []), line]);
    }
    const injected = [...bySql.values()].sort((a, b) => b.length - a.length)[0] ?? [];
    expect(
      injected.length,
      `${REQUESTS} report queries each took ~${INJECTED_MS} ms: expected ${REQUESTS} JSON lines {msg: "slow query", sql, durationMs ≥ ${INJECTED_MS * 0.9}, pool}, saw ${injected.length} (and ${slow.length} slow-query lines in all)`,
    ).toBe(REQUESTS);
    expect(
      slow.filter((line) => !((line.durationMs ?? 0) > SLOW_QUERY_MS)).map((line) => line.durationMs),
      `only queries slower than SLOW_QUERY_MS=${SLOW_QUERY_MS} are logged as slow`,
    ).toEqual([]);
    for (const line of injected.slice(0, 3)) {
      expect(line, 'a slow-query line has sql, durationMs and pool').toMatchObject({
        sql: expect.any(String),
        durationMs: expect.any(Number),
        pool: expect.any(String),
      });
      expect(line.durationMs ?? 0).toBeGreaterThanOrEqual(INJECTED_MS * 0.9);
      expect(line.sql, 'the SQL is logged with placeholders ($1…), never the parameter values').toMatch(/\$\d/);
      expect(line.sql).not.toContain(String(INJECTED_MS));
    }
  });

  test(`db_query_duration_seconds: p95 and p99 of the injected period agree with the ${INJECTED_MS} ms the grader injected`, () => {
    expect(
      series,
      `no series of the histogram db_query_duration_seconds{operation, pool} grew by exactly ${REQUESTS} observations of ~${INJECTED_MS} ms`,
    ).toBeDefined();
    if (!series) return;
    const sorted = [...measured].sort((a, b) => a - b);
    const bounds = [...series.buckets.keys()].sort((a, b) => a - b);
    for (const q of [0.95, 0.99]) {
      const value = quantile(q, series) * 1000;
      // A query cannot take longer than the request the grader timed around it: on a busy machine the
      // upper bound follows what the grader measured, never less than what it injected.
      const seen = Math.max(INJECTED_MS, sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0);
      // A quantile is interpolated inside its bucket, so it may reach that bucket's upper bound: a slow
      // request under load can land in a wide bucket. That bound counts, up to twice what was measured.
      const bucketTop = (bounds.find((le) => le * 1000 >= seen) ?? Number.POSITIVE_INFINITY) * 1000;
      const ceiling = Math.max(seen * 1.2, Math.min(bucketTop, seen * 2));
      const story = `p${q * 100} from your histogram {${series.labels}} is ${value.toFixed(0)} ms; the grader injected ${INJECTED_MS} ms and its requests took ${seen.toFixed(0)} ms at p${q * 100} (allowed: ${INJECTED_MS * 0.8}–${ceiling.toFixed(0)} ms): put buckets around such latencies`;
      expect(value, story).toBeGreaterThan(INJECTED_MS * 0.8);
      expect(value, story).toBeLessThanOrEqual(ceiling);
    }
  });
});
