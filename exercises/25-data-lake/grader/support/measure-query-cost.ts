import { expect } from 'vitest';
import { csvEvents } from './csv-events.ts';
import { expectedSql } from './expected-rows.ts';
import { type LakeQuery, lakeQuery } from './lake-query.ts';
import { median } from './median.ts';
import type { DuckDb } from './open-duck-db.ts';
import { timed } from './timed.ts';

/** No data on that date: the time of daily_revenue for it is the program's own start-up. */
const EMPTY_DATE = '1999-01-01';
const EMPTY_RANGE: LakeQuery = { name: 'daily_revenue', from: EMPTY_DATE, to: EMPTY_DATE };

export interface QueryCost {
  readonly command: string;
  /** Wall times (ms) of the learner's query, of its start-up, and of lab's DuckDB over the CSV. */
  readonly learner: readonly number[];
  readonly startup: readonly number[];
  readonly csvScan: readonly number[];
  /** median(learner) − median(startup) */
  readonly cost: number;
  readonly floorMs: number;
  /** max(floorMs, median(csvScan) / 2) */
  readonly limit: number;
}

/** Times a question `runs` times, interleaved with start-up runs and CSV scans so a busy moment weighs on all alike. */
export async function measureQueryCost(
  db: DuckDb,
  lake: string,
  csv: string,
  query: LakeQuery,
  options: { readonly runs: number; readonly floorMs: number },
): Promise<QueryCost> {
  const learner: number[] = [];
  const startup: number[] = [];
  const csvScan: number[] = [];
  let command = '';
  for (let run = 0; run < options.runs; run += 1) {
    const empty = await lakeQuery(lake, EMPTY_RANGE);
    expect(empty.rows, `${empty.command}\nasks for a date without data: it must print { "rows": [] }`).toEqual([]);
    startup.push(empty.wallMs);
    const answer = await lakeQuery(lake, query);
    command = answer.command;
    learner.push(answer.wallMs);
    csvScan.push(await timed(() => db.rows(expectedSql(csvEvents(csv), query))));
  }
  const cost = median(learner) - median(startup);
  const { floorMs } = options;
  return { command, learner, startup, csvScan, cost, floorMs, limit: Math.max(floorMs, median(csvScan) / 2) };
}

/** The numbers of one measurement, for a failure message. */
export function describeCost(measured: QueryCost): string {
  const list = (values: readonly number[]) =>
    `${values.map((value) => Math.round(value)).join(', ')} ms (median ${Math.round(median(values))})`;
  return (
    `  your query took ${list(measured.learner)}\n` +
    `  your start-up (daily_revenue for ${EMPTY_DATE}, no data) took ${list(measured.startup)}\n` +
    `  → query cost ${Math.round(measured.cost)} ms; lab's DuckDB scan of the CSV took ${list(measured.csvScan)}\n` +
    `  → allowed: max(${measured.floorMs} ms, half the scan) = ${Math.round(measured.limit)} ms`
  );
}
